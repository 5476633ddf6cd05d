using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Bunit;
using Hangfire;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Domain.Webhooks;
using NewsClassifier.Web.Accounts;
using NewsClassifier.Web.Components.Pages.Account;
using NewsClassifier.Web.Components.Pages.Admin;
using NewsClassifier.Web.Components.Pages.Classify;
using NewsClassifier.Web.Components.Pages.Datasets;
using NewsClassifier.Web.Components.Pages.Experiments;
using NewsClassifier.Web.Components.Pages.Labeling;
using NewsClassifier.Web.Components.Pages.Models;
using NewsClassifier.Web.Components.Pages.Schedules;
using NewsClassifier.Web.Tests.Pages;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>
/// One row per <c>CurrentUser.EnsureAsync(Policies.X)</c> site in the web project: the component is rendered for the
/// strongest role that still lacks the policy, the handler is called directly (as a crafted circuit event would, the
/// button being hidden), and the call must be refused: the refusal message is shown, no dialog opens, an action handed to a
/// shared helper never runs, and nothing changed in the database, the queued jobs or the data folder.
/// <see cref="Every_EnsureAsync_site_in_the_web_project_has_a_row"/> keeps the table in step with the source.
/// </summary>
public class ServerSideRefusalTests : RunPageTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private bool _tripwire;

    public ServerSideRefusalTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
    }

    /// <summary>A site: the file (relative to src/NewsClassifier.Web), the method holding the EnsureAsync call, the policy it
    /// checks, and how to reach it; <see cref="NotDriven"/> instead gives the reason a site has no bUnit drive.</summary>
    public sealed record Site(string File, string Method, string Policy, Func<ServerSideRefusalTests, Task<Target>>? Arrange, string? NotDriven = null)
    {
        public string Key => $"{File}::{Method}";

        public override string ToString() => Key;
    }

    /// <summary>A rendered component (or, for a static helper, null) and the call to make on the renderer's dispatcher.</summary>
    public sealed record Target(Func<Task> Act);

    private const string Pages = "Components/Pages/";

    public static readonly IReadOnlyList<Site> Sites =
    [
        new($"{Pages}Datasets/DatasetPage.razor", "DeleteAsync", Policies.Admin, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<DatasetPage>("DeleteAsync", p => p.Add(x => x.DatasetId, id), ready: c => Assert.Contains("four", c.Markup));
        }),
        new($"{Pages}Datasets/ImportStatusPage.razor", "CancelAsync", Policies.Train, async t =>
        {
            await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<ImportStatusPage>("CancelAsync", p => p.Add(x => x.ImportId, 1));
        }),
        new($"{Pages}Datasets/DatasetsPage.razor", "DeleteAsync", Policies.Admin, async t =>
        {
            await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<DatasetsPage>("DeleteAsync", ready: c => Assert.Contains("four", c.Markup));
        }),
        new($"{Pages}Datasets/ImportDatasetPage.razor", "UploadAsync", Policies.Train, t => t.PageAsync<ImportDatasetPage>("UploadAsync")),
        new($"{Pages}Datasets/ImportDatasetPage.razor", "StartAsync", Policies.Train, t => t.PageAsync<ImportDatasetPage>("StartAsync")),
        new($"{Pages}Experiments/RunActions.razor", "SaveAsync", Policies.Train, t => t.RunActionsAsync("SaveAsync")),
        new($"{Pages}Experiments/RunActions.razor", "RerunAsync", Policies.Train, t => t.RunActionsAsync("RerunAsync")),
        new($"{Pages}Experiments/RunActions.razor", "ToggleArchiveAsync", Policies.Train, t => t.RunActionsAsync("ToggleArchiveAsync")),
        new($"{Pages}Experiments/RunActions.razor", "DeleteAsync", Policies.Train, t => t.RunActionsAsync("DeleteAsync")),
        new($"{Pages}Experiments/NewRunPage.razor", "StartAsync", Policies.Train, async t =>
        {
            await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<NewRunPage>("StartAsync", ready: c => c.Find("[data-testid=start-run]"));
        }),
        new($"{Pages}Experiments/ExperimentsPage.razor", "RerunAsync", Policies.Train, t => t.ExperimentsAsync("RerunAsync")),
        new($"{Pages}Experiments/ExperimentsPage.razor", "ArchiveAsync", Policies.Train, t => t.ExperimentsAsync("ArchiveAsync")),
        new($"{Pages}Experiments/ExperimentsPage.razor", "DeleteAsync", Policies.Train, t => t.ExperimentsAsync("DeleteAsync")),
        new($"{Pages}Experiments/RunPage.razor", "CancelAsync", Policies.Train, async t =>
        {
            var runId = await t.RunAsync(await t.ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
            return await t.PageAsync<RunPage>("CancelAsync", p => p.Add(x => x.RunId, runId));
        }),
        new($"{Pages}Schedules/SchedulesPage.razor", "CreateAsync", Policies.Train, async t =>
        {
            await t.ScheduleAsync();
            return await t.PageAsync<SchedulesPage>("CreateAsync", ready: c => Assert.Contains("nightly", c.Markup));
        }),
        new($"{Pages}Schedules/SchedulePage.razor", "DecideAsync", Policies.Train, async t =>
        {
            var schedule = await t.ScheduleAsync();
            return await t.PageAsync<SchedulePage>("DecideAsync", p => p.Add(x => x.Id, schedule.Id), ready: c => Assert.Contains("nightly", c.Markup));
        }),
        new($"{Pages}Schedules/ScheduleActions.razor", "SetEnabledAsync", Policies.Train, t => t.ScheduleActionsAsync("SetEnabledAsync", false)),
        new($"{Pages}Schedules/ScheduleActions.razor", "RunNowAsync", Policies.Train, t => t.ScheduleActionsAsync("RunNowAsync")),
        new($"{Pages}Schedules/ScheduleActions.razor", "EditAsync", Policies.Train, t => t.ScheduleActionsAsync("EditAsync")),
        new($"{Pages}Schedules/ScheduleActions.razor", "DeleteAsync", Policies.Train, t => t.ScheduleActionsAsync("DeleteAsync")),
        new($"{Pages}Schedules/ScheduleDialog.razor", "SaveAsync", Policies.Train, async t =>
        {
            await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<ScheduleDialog>("SaveAsync");
        }),
        new($"{Pages}Models/RegisterModelButton.razor", "RegisterAsync", Policies.Train, async t =>
        {
            var runId = await t.RunAsync(await t.ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
            return await t.PageAsync<RegisterModelButton>("RegisterAsync", p => p.Add(x => x.RunId, runId));
        }),
        new($"{Pages}Models/Promotion.cs", "PromoteAsync", Policies.Train, t => Task.FromResult(t.Promotion())),
        new($"{Pages}Models/ModelsPage.razor", "ImportAsync", Policies.Train, t => t.PageAsync<ModelsPage>("ImportAsync")),
        new($"{Pages}Models/PretrainedCheckpoints.razor", "OpenImportAsync", Policies.Train, t => t.PageAsync<PretrainedCheckpoints>("OpenImportAsync")),
        new($"{Pages}Models/PretrainedCheckpoints.razor", "DeleteAsync", Policies.Train, t => t.PageAsync<PretrainedCheckpoints>("DeleteAsync")),
        new($"{Pages}Models/PretrainedCheckpoints.razor", "CancelAsync", Policies.Train, t => t.PageAsync<PretrainedCheckpoints>("CancelAsync")),
        new($"{Pages}Models/PretrainedCheckpoints.razor", "RunAsync", Policies.Train, t => t.PageAsync<PretrainedCheckpoints>("RunAsync")),
        new($"{Pages}Models/ImportPretrainedDialog.razor", "UploadAsync", Policies.Train, t => t.PageAsync<ImportPretrainedDialog>("UploadAsync")),
        new($"{Pages}Models/ImportPretrainedDialog.razor", "SubmitAsync", Policies.Train, t => t.PageAsync<ImportPretrainedDialog>("SubmitAsync")),
        new($"{Pages}Admin/UsersPage.razor", "ChangeAsync", Policies.Admin, t => t.UsersAsync("ChangeAsync")),
        new($"{Pages}Admin/UsersPage.razor", "DeleteAsync", Policies.Admin, t => t.UsersAsync("DeleteAsync")),
        new($"{Pages}Admin/UsersPage.razor", "CreateAsync", Policies.Admin, t => t.UsersAsync("CreateAsync")),
        new($"{Pages}Admin/UsersPage.razor", "ResetAsync", Policies.Admin, t => t.UsersAsync("ResetAsync")),
        new($"{Pages}Admin/WebhooksPage.razor", "SaveAsync", Policies.Admin, t => t.WebhooksAsync("SaveAsync")),
        new($"{Pages}Admin/WebhooksPage.razor", "ChangeAsync", Policies.Admin, t => t.WebhooksAsync("ChangeAsync")),
        new($"{Pages}Admin/WebhooksPage.razor", "DeleteAsync", Policies.Admin, t => t.WebhooksAsync("DeleteAsync")),
        new($"{Pages}Admin/WebhookDeliveryLog.razor", "ToggleSecretAsync", Policies.Admin, t => t.WebhookLogAsync("ToggleSecretAsync")),
        new($"{Pages}Admin/WebhookDeliveryLog.razor", "CopyAsync", Policies.Admin, t => t.WebhookLogAsync("CopyAsync")),
        new($"{Pages}Admin/WebhookDeliveryLog.razor", "RotateAsync", Policies.Admin, t => t.WebhookLogAsync("RotateAsync")),
        new($"{Pages}Admin/WebhookDeliveryLog.razor", "ResendAsync", Policies.Admin, t => t.WebhookLogAsync("ResendAsync")),
        new($"{Pages}Labeling/LabelingSettingsPage.razor", "RunAsync", Policies.Admin, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<LabelingSettingsPage>("RunAsync", p => p.Add(x => x.DatasetId, id));
        }),
        new($"{Pages}Labeling/AnnotatePage.razor", "AnswerAsync", Policies.Label, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<AnnotatePage>("AnswerAsync", p => p.Add(x => x.DatasetId, id), args: [1]);
        }),
        new($"{Pages}Labeling/AnnotatePage.razor", "UndoAsync", Policies.Label, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<AnnotatePage>("UndoAsync", p => p.Add(x => x.DatasetId, id));
        }),
        new($"{Pages}Labeling/ReportWrongPanel.razor", "SubmitAsync", Policies.Label, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<ReportWrongPanel>("SubmitAsync",
                p => p.Add(x => x.Title, "Talks resume").Add(x => x.Text, "Diplomats met again.").Add(x => x.PredictedLabel, "Sports").Add(x => x.DefaultDatasetId, id));
        }),
        new($"{Pages}Labeling/ReviewPage.razor", "RunAsync", Policies.Review, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<ReviewPage>("RunAsync", p => p.Add(x => x.DatasetId, id));
        }),
        new($"{Pages}Labeling/RelabelPage.razor", "AnswerAsync", Policies.Label, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<RelabelPage>("AnswerAsync", p => p.Add(x => x.DatasetId, id), ready: c => c.Find("[data-testid=relabel-card]"), args: [1]);
        }),
        new($"{Pages}Labeling/RelabelPage.razor", "ScanAsync", Policies.Train, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<RelabelPage>("ScanAsync", p => p.Add(x => x.DatasetId, id), ready: c => c.Find("[data-testid=error-scan]"));
        }),
        new($"{Pages}Labeling/LabelSetStarter.razor", "CreateAsync", Policies.Train, async t =>
        {
            var id = await t.ImportAsync("four", FourArticles);
            return await t.PageAsync<LabelSetStarter>("CreateAsync", p => p.Add(x => x.DatasetId, id));
        }),
        new($"{Pages}Classify/ClassifyPage.razor", "ClassifyAsync", Policies.Classify, t => t.PageAsync<ClassifyPage>("ClassifyAsync")),
        // The all-tokens page hands its table the Admin policy: a Scientist's crafted revoke of someone else's token is refused.
        new($"{Pages}Account/TokenTable.razor", "RevokeAsync", Policies.Admin, t => t.TokenTableAsync()),
        new($"{Pages}Account/TokensPage.razor", "CreateAsync", Policies.Browse, null,
            NotDriven: "Browse is every signed-in user's (no role lacks it) and the page needs a sign-in; the token is created for the " +
                       "signed-in principal's name only, and ApiTokensTests cover the service's refusals (role above the user's, bad expiry, name)."),
    ];

    public static TheoryData<string> SiteKeys() => new(Sites.Select(s => s.Key));

    /// <summary>The strongest role without <paramref name="policy"/> (null: signed in with no role, which only Classify refuses).</summary>
    private static string? RoleLacking(string policy) => policy switch
    {
        Policies.Admin => AppRoles.Scientist,
        Policies.Train => AppRoles.Annotator,
        Policies.Review => AppRoles.Annotator, // without the "can review" claim
        Policies.Label => AppRoles.Viewer,
        Policies.Classify => null,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "no role lacks it"),
    };

    [Theory]
    [MemberData(nameof(SiteKeys))]
    public async Task A_crafted_call_is_refused_on_the_server(string key)
    {
        var site = Sites.Single(s => s.Key == key);
        if (site.Arrange is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(site.NotDriven), $"{key}: a row without a drive needs a reason");
            return;
        }

        var role = RoleLacking(site.Policy);
        SignInAs("crafty", role);
        Assert.False(await Services.GetRequiredService<CurrentUser>().CanAsync(site.Policy));
        var target = await site.Arrange(this);
        var before = await FingerprintAsync();

        // An unguarded handler may wait on a dialog nobody answers: a hang counts as a failed refusal.
        await target.Act().WaitAsync(TimeSpan.FromSeconds(10));

        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message == $"Your role ({role ?? "none"}) does not allow this." && s.Severity == Severity.Error);
        Assert.False(_tripwire, $"{key}: the action handed to the helper ran");
        Assert.Empty(_dialogs.FindAll(".mud-dialog"));
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public void Every_EnsureAsync_site_in_the_web_project_has_a_row()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "NewsClassifier.Web");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var declaration = new Regex(@"^\s*(?:(?:private|public|protected|internal|static|async|override|virtual)\s+)+[\w<>\[\]?,\s.()]*?\b(\w+)\s*(?:<[^>]*>)?\s*\(", RegexOptions.Compiled);
        foreach (var file in Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            var lines = File.ReadAllLines(file);
            var relative = Path.GetRelativePath(web, file).Replace('\\', '/');
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (!code.Contains("EnsureAsync(", StringComparison.Ordinal) || code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith("///", StringComparison.Ordinal)) continue;
                if (code.Contains("Task<bool> EnsureAsync(", StringComparison.Ordinal)) continue; // the definition itself
                var method = Enumerable.Range(0, i + 1).Select(j => declaration.Match(lines[i - j])).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                found.Add($"{relative}::{method ?? $"line {i + 1}"}");
            }
        }

        var rows = Sites.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(Sites.Count == rows.Count, "a site has two rows");
        var missing = found.Where(k => !rows.Contains(k)).ToList();
        var stale = rows.Where(k => !found.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "EnsureAsync sites without a refusal row in ServerSideRefusalTests.Sites:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "rows for EnsureAsync sites that no longer exist:\n" + string.Join("\n", stale));
        Assert.All(Sites, s => Assert.True(s.Arrange is not null || !string.IsNullOrWhiteSpace(s.NotDriven), $"{s.Key}: no drive and no reason"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) return dir.FullName;
        throw new InvalidOperationException("NewsClassifier.sln not found above " + AppContext.BaseDirectory);
    }

    // ---- arranging -------------------------------------------------------------------------------------------------

    private async Task<Target> PageAsync<T>(string method, Action<ComponentParameterCollectionBuilder<T>>? parameters = null,
        Action<IRenderedComponent<T>>? ready = null, object?[]? args = null) where T : IComponent
    {
        var cut = parameters is null ? Render<T>() : Render<T>(parameters);
        if (ready is not null) cut.WaitForAssertion(() => ready(cut));
        var handler = typeof(T).GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                      ?? throw new MissingMethodException(typeof(T).Name, method);
        var values = args ?? handler.GetParameters().Select(p => ArgumentFor(p.ParameterType)).ToArray();
        await Task.CompletedTask;
        return new Target(() => cut.InvokeAsync(() => (Task)handler.Invoke(cut.Instance, values)!));
    }

    private async Task<Target> RunActionsAsync(string method)
    {
        var runId = await RunAsync(await ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
        await using var db = await Contexts.CreateDbContextAsync();
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        return await PageAsync<RunActions>(method, p => p.Add(x => x.Run, run));
    }

    private async Task<Target> ExperimentsAsync(string method)
    {
        var runId = await RunAsync(await ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
        var row = (await Services.GetRequiredService<NewsClassifier.Application.Runs.RunTable>().GetPageAsync(new(), CancellationToken.None)).Items.Single(r => r.Id == runId);
        return await PageAsync<ExperimentsPage>(method, args: [row]);
    }

    private async Task<Schedule> ScheduleAsync()
    {
        // Forty labelled articles, ten per class: enough for the schedule's evaluation share.
        var datasetId = await ImportAsync("forty", string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 4 + 1},\"Title {i}\",\"Body number {i} of class {i % 4}.\"\n")));
        return await Services.GetRequiredService<ScheduleService>().CreateAsync(new ScheduleRequest
        {
            Name = "nightly", DatasetId = datasetId, Recipe = "tfidf-baseline", Cron = "0 2 * * *", TimeZone = "UTC", EvaluationFraction = 0.25,
        }, "alice", CancellationToken.None);
    }

    private async Task<Target> ScheduleActionsAsync(string method, params object?[]? args)
    {
        var schedule = await ScheduleAsync();
        return await PageAsync<ScheduleActions>(method,
            p => p.Add(a => a.Schedule, schedule).Add(a => a.CanTrain, true).Add(a => a.Switch, true).Add(a => a.Buttons, true),
            args: args is { Length: > 0 } ? args : null);
    }

    private async Task<Target> UsersAsync(string method)
    {
        var users = AppServices.GetRequiredService<UserAdministration>();
        await users.CreateAsync("test-admin", AppRoles.Admin, NewsAppFactory.Password);
        await users.CreateAsync("victim", AppRoles.Viewer, NewsAppFactory.Password);
        var victim = (await users.ListAsync()).Single(u => u.UserName == "victim");
        var target = await PageAsync<UsersPage>(method, ready: c => Assert.Contains("victim", c.Markup),
            args: method switch
            {
                "ChangeAsync" => [Tripwire<string>(), "changed"],
                "DeleteAsync" => [victim],
                _ => null,
            });
        return target;
    }

    private async Task<Target> TokenTableAsync()
    {
        await AppServices.GetRequiredService<UserAdministration>().CreateAsync("victim", AppRoles.Viewer, NewsAppFactory.Password);
        var token = (await AppServices.GetRequiredService<ApiTokens>().CreateAsync("victim", "victim's script", null, null)).Info;
        return await PageAsync<TokenTable>("RevokeAsync", p => p.Add(x => x.Items, [token]).Add(x => x.ShowUser, true).Add(x => x.Policy, Policies.Admin),
            ready: c => Assert.Contains("victim's script", c.Markup), args: [token]);
    }

    /// <summary>An endpoint on a literal public address (no DNS lookup, never contacted: nothing is sent) with one failed delivery.</summary>
    private async Task<WebhookEndpointRow> WebhookEndpointAsync()
    {
        var (endpoint, _) = await AppServices.GetRequiredService<WebhookEndpoints>()
            .CreateAsync(new WebhookEndpointRequest("https://93.184.215.14/hooks", "receiver", [WebhookEvents.RunFinished]), "alice", CancellationToken.None);
        await using var db = await Contexts.CreateDbContextAsync();
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            EndpointId = endpoint.Id, MessageId = "msg_crafted", EventType = WebhookEvents.RunFinished, Payload = "{}", State = WebhookDeliveryState.Failed,
            Attempts = 1, CreatedAt = DateTime.UtcNow, LastStatusCode = 500,
        });
        await db.SaveChangesAsync();
        return endpoint;
    }

    private async Task<Target> WebhooksAsync(string method)
    {
        var endpoint = await WebhookEndpointAsync();
        return await PageAsync<WebhooksPage>(method, ready: c => Assert.Contains("93.184.215.14", c.Markup),
            args: method == "DeleteAsync" ? [endpoint] : null);
    }

    private async Task<Target> WebhookLogAsync(string method)
    {
        var endpoint = await WebhookEndpointAsync();
        var delivery = (await AppServices.GetRequiredService<WebhookDeliveries>().PageAsync(endpoint.Id, 1, 20, CancellationToken.None)).Items.Single();
        return await PageAsync<WebhookDeliveryLog>(method, p => p.Add(x => x.Endpoint, endpoint), ready: c => c.Find("[data-testid=delivery-row]"),
            args: method == "ResendAsync" ? [delivery] : null);
    }

    private Target Promotion()
    {
        var model = (ModelInfo)RuntimeHelpers.GetUninitializedObject(typeof(ModelInfo));
        return new Target(() => _dialogs.InvokeAsync(() => NewsClassifier.Web.Components.Pages.Models.Promotion.PromoteAsync(
            Services.GetRequiredService<IDialogService>(), Services.GetRequiredService<ModelRegistry>(), Services.GetRequiredService<ISnackbar>(),
            Services.GetRequiredService<CurrentUser>(), model, 1, "champion")));
    }

    private Func<TArg, Task> Tripwire<TArg>() => _ => { _tripwire = true; return Task.CompletedTask; };

    /// <summary>An argument for a handler: the refusal comes before it is used, so placeholders do; a file is a real one
    /// (a null file returns before the check), an action is a tripwire.</summary>
    private object? ArgumentFor(Type type)
    {
        if (type == typeof(IBrowserFile)) return new FakeFile();
        if (type == typeof(string)) return "crafted";
        if (type == typeof(Func<Task>)) return (Func<Task>)(() => { _tripwire = true; return Task.CompletedTask; });
        if (type == typeof(Func<Task<string>>)) return (Func<Task<string>>)(() => { _tripwire = true; return Task.FromResult("done"); });
        if (type == typeof(Func<string, Task>)) return Tripwire<string>();
        if (type.IsValueType) return Activator.CreateInstance(type);
        if (Nullable.GetUnderlyingType(type) is not null) return null;
        return RuntimeHelpers.GetUninitializedObject(type);
    }

    private sealed class FakeFile : IBrowserFile
    {
        private readonly byte[] _content = Encoding.UTF8.GetBytes(FourArticles);
        public string Name => "crafted.csv";
        public DateTimeOffset LastModified => DateTimeOffset.UtcNow;
        public long Size => _content.Length;
        public string ContentType => "text/csv";
        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) => new MemoryStream(_content);
    }

    // ---- "nothing changed" ---------------------------------------------------------------------------------------

    /// <summary>Every row of every table, the queued and recurring jobs, and the files of the data folder (the databases aside).</summary>
    private async Task<string> FingerprintAsync()
    {
        var text = new StringBuilder();
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            }
            foreach (var table in tables)
            {
                await using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                text.Append("## ").AppendLine(table);
                var rows = new List<string>();
                while (await reader.ReadAsync())
                    rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(c => reader.IsDBNull(c) ? "∅" : Convert.ToString(reader.GetValue(c) is byte[] b ? Convert.ToBase64String(b) : reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))));
                rows.Sort(StringComparer.Ordinal);
                foreach (var row in rows) text.AppendLine(row);
            }
        }

        var stats = AppServices.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
        text.AppendLine($"## jobs enqueued={stats.Enqueued} scheduled={stats.Scheduled} processing={stats.Processing} recurring={stats.Recurring} succeeded={stats.Succeeded} failed={stats.Failed} deleted={stats.Deleted}");
        text.AppendLine("## files");
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => !Regex.IsMatch(Path.GetFileName(f), @"\.(db|sqlite)(-wal|-shm|-journal)?$"))
                     .Order(StringComparer.Ordinal))
            text.AppendLine($"{Path.GetRelativePath(DataDirectory, file)} {new FileInfo(file).Length}");
        return text.ToString();
    }
}
