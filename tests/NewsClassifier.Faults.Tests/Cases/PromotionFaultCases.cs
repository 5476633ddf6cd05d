namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// A registry promotion (POST /api/models/{name}/aliases/production) writes rows only: the alias row moves to the new
/// version and an alias-change audit entry is added, in one SaveChanges (one transaction); no file is written. The web
/// app is killed with SIGKILL at varying delays after the request is sent (a bounded number of times, restarting in
/// between); afterwards the alias points at an existing version whose model files are there, and the audit history is one
/// unbroken chain (each entry moves from where the previous one left the alias) ending at the alias's version, with one
/// entry per acknowledged promotion and at most one per promotion that was cut off: none missing, none twice.
/// </summary>
public sealed class PromotionFaultCases
{
    private const string Model = "faults-model";

    /// <summary>Milliseconds between sending the promotion and the kill.</summary>
    private static readonly int[] Delays = [0, 20, 60, 150];

    [Fact]
    public async Task Kill_9_during_registry_promotions_leaves_the_alias_and_its_history_consistent()
    {
        await using var host = await FaultHost.CreateAsync();
        await host.ImportSampleAsync("faults-ag", 200);
        string[] tiny = ["--set", "vocab_size=2000", "--set", "max_length=32", "--set", "embed_dim=8", "--set", "key_dim=8", "--set", "ff_dim=8",
            "--set", "dense_units=8", "--set", "batch_size=32", "--epochs", "1"];
        await host.ExpectCliAsync(["train", "--dataset", "faults-ag", "--recipe", "custom", .. tiny]);
        await host.ExpectCliAsync(["train", "--dataset", "faults-ag", "--recipe", "custom", .. tiny]);

        var web = await host.StartWebAsync();
        var client = await FaultHost.SignInAsync(web);
        foreach (var runId in new[] { 1, 2 })
            using (var register = await client.PostAsJsonAsync("/api/models", new { runId, name = Model }))
                Assert.True(register.StatusCode == HttpStatusCode.Created, $"registering run {runId}: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}");
        Assert.True((await PromoteAsync(client, 1, "first")).IsSuccessStatusCode);
        int acknowledged = 1, attempted = 1;
        var before = await RowCounts.ReadAsync(host);

        foreach (var delay in Delays)
        {
            var current = await host.ScalarAsync<long>(
                "SELECT v.Version FROM ModelAliases a JOIN ModelVersions v ON v.Id = a.ModelVersionId WHERE a.Alias = 'production'");
            var promotion = PromoteAsync(client, current == 1 ? 2 : 1, $"kill after {delay} ms");
            await Task.Delay(delay);
            web.Process.Kill();
            attempted++;
            try
            {
                using var response = await promotion;
                if (response.IsSuccessStatusCode) acknowledged++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* cut off by the kill */ }
            web = await host.StartWebAsync();
            client = await FaultHost.SignInAsync(web);
        }

        var alias = (await host.QueryAsync(
            "SELECT v.Version, v.RunId, COALESCE(v.ArtifactPath, r.ArtifactPath) FROM ModelAliases a JOIN ModelVersions v ON v.Id = a.ModelVersionId " +
            "JOIN TrainingRuns r ON r.Id = v.RunId WHERE a.Alias = 'production'", r => (Version: r.GetInt32(0), RunId: r.GetInt32(1), Path: r.IsDBNull(2) ? null : r.GetString(2)))).Single();
        Assert.True(alias.Path is not null && Directory.Exists(alias.Path) && Directory.EnumerateFiles(alias.Path, "*", SearchOption.AllDirectories).Any(),
            $"production points at version {alias.Version} (run {alias.RunId}) whose model folder '{alias.Path}' is missing or empty");

        var history = await host.QueryAsync("SELECT FromVersion, ToVersion FROM AliasChanges WHERE Alias = 'production' ORDER BY Id",
            r => (From: r.IsDBNull(0) ? (int?)null : r.GetInt32(0), To: r.IsDBNull(1) ? (int?)null : r.GetInt32(1)));
        var chain = string.Join(" ", history.Select(h => $"{h.From?.ToString() ?? "-"}->{h.To}"));
        Assert.InRange(history.Count, acknowledged, attempted);
        Assert.True(history[0].From is null, $"the first entry starts from {history[0].From}: {chain}");
        for (var i = 1; i < history.Count; i++)
            Assert.True(history[i].From == history[i - 1].To, $"entry {i + 1} moves from {history[i].From}, but the alias was at {history[i - 1].To}: {chain}");
        Assert.Equal(alias.Version, history[^1].To);

        before.Plus(("AliasChanges", history.Count - 1)).AssertEqual(await RowCounts.ReadAsync(host));
        using (var model = JsonDocument.Parse(await client.GetStringAsync($"/api/models/{Model}")))
            Assert.Equal(alias.Version, model.RootElement.GetProperty("aliases").GetProperty("production").GetInt32());
        await host.KillWhenIdleAsync(web.Process);
        await Aftermath.AssertCleanAsync(host);
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient client, int version, string reason) =>
        client.PostAsJsonAsync($"/api/models/{Model}/aliases/production", new { version, reason });
}
