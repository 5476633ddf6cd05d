using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Data.Accounts;
using NewsClassifier.Web.Components.Pages.Admin;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>Server-side role checks inside interactive pages (the handler refuses, whatever the browser sends), and the
/// Admin users page over the real account service.</summary>
public class AccountPagesTests : RunPageTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public AccountPagesTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        _snackbars = Render<MudSnackbarProvider>();
    }

    private UserAdministration Users => AppServices.GetRequiredService<UserAdministration>();

    [Fact]
    public async Task An_Annotator_cannot_start_a_run_from_the_new_run_page_even_by_a_crafted_event()
    {
        await ImportAsync("four", FourArticles);
        SignInAs("anna", AppRoles.Annotator);

        // Rendering the page directly skips its [Authorize(Train)] attribute, like a circuit event would: the handler decides.
        var page = Render<NewRunPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=start-run]"));
        await page.Find("[data-testid=start-run]").ClickAsync(new());

        _snackbars.WaitForAssertion(() => Assert.Contains("Your role (Annotator) does not allow this.", _snackbars.Markup));
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.TrainingRuns.CountAsync());
    }

    [Fact]
    public async Task A_Scientist_starts_a_run_from_the_new_run_page_in_their_own_name()
    {
        await ImportAsync("four", FourArticles);
        SignInAs("sam", AppRoles.Scientist);

        var page = Render<NewRunPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=start-run]"));
        await page.Find("[data-testid=start-run]").ClickAsync(new());

        await using var db = await Contexts.CreateDbContextAsync();
        var run = await db.TrainingRuns.SingleAsync();
        Assert.Equal("sam", run.StartedBy);
    }

    [Fact]
    public async Task A_Viewer_sees_no_run_actions()
    {
        var runId = await RunAsync(await ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
        await using var db = await Contexts.CreateDbContextAsync();
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);

        SignInAs("vic", AppRoles.Viewer);
        var actions = Render<RunActions>(p => p.Add(x => x.Run, run));
        Assert.Empty(actions.FindAll("[data-testid=run-menu]"));
        Assert.Empty(actions.FindAll("[data-testid=edit-annotations]"));

        SignInAs("sam", AppRoles.Scientist);
        actions.WaitForAssertion(() => actions.Find("[data-testid=run-menu]"));
    }

    [Fact]
    public async Task The_users_page_adds_a_user_changes_role_review_and_lock_resets_the_password_and_deletes()
    {
        await Users.CreateAsync("test-admin", AppRoles.Admin, NewsAppFactory.Password);
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-row]")));
        // Your own row: no role change, no lock, no delete.
        Assert.True(page.Find("[data-testid=user-row] .mud-select input").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=user-row] [data-testid=delete-user]").HasAttribute("disabled"));

        // Add.
        page.Find("[data-testid=new-user-name]").Input("nora");
        ChooseRole(page, "Role of the new user", AppRoles.Annotator);
        page.Find("[data-testid=new-user-password]").Input("short");
        page.Find("[data-testid=create-user-button]").Click();
        page.WaitForAssertion(() => Assert.Contains("at least 10 characters", page.Find("[data-testid=create-error]").TextContent));
        page.Find("[data-testid=new-user-password]").Input("nora's long password");
        page.Find("[data-testid=create-user-button]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=user-row]").Count));
        Assert.Equal(AppRoles.Annotator, (await Users.FindAsync("nora"))!.Role);

        // Grant review (an Annotator's permission), then make her a Scientist.
        Row(page, "nora").QuerySelector("[data-testid=can-review]")!.Change(true);
        page.WaitForState(() => Users.FindAsync("nora").Result!.CanReview);
        ChooseRole(page, "Role of nora", AppRoles.Scientist);
        page.WaitForState(() => Users.FindAsync("nora").Result!.Role == AppRoles.Scientist);

        // Lock and unlock.
        Row(page, "nora").QuerySelector("[data-testid=lock-toggle]")!.Click();
        page.WaitForAssertion(() => Assert.NotNull(Row(page, "nora").QuerySelector("[data-testid=locked]")));
        Assert.True((await Users.FindAsync("nora"))!.IsLockedOut(DateTimeOffset.UtcNow));
        Row(page, "nora").QuerySelector("[data-testid=lock-toggle]")!.Click();
        page.WaitForAssertion(() => Assert.Null(Row(page, "nora").QuerySelector("[data-testid=locked]")));

        // Reset the password: the new one works, the old one no longer does.
        Row(page, "nora").QuerySelector("[data-testid=reset-password]")!.Click();
        _dialogs.WaitForAssertion(() => _dialogs.Find("[data-testid=reset-password-input]"));
        _dialogs.Find("[data-testid=reset-password-input]").Input("a brand new password");
        _dialogs.Find("[data-testid=reset-password-confirm]").Click();
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=reset-password-input]"))); // closes on success
        Assert.True(await PasswordWorksAsync("nora", "a brand new password"));
        Assert.False(await PasswordWorksAsync("nora", "nora's long password"));

        // Delete, after confirming.
        var deleting = Row(page, "nora").QuerySelector("[data-testid=delete-user]")!.ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete the account 'nora'?", _dialogs.Find(".mud-dialog").TextContent));
        await _dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await deleting.WaitAsync(TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-row]")));
        Assert.Null(await Users.FindAsync("nora"));
    }

    [Fact]
    public async Task The_last_Admin_cannot_be_demoted_locked_or_deleted_and_nobody_removes_themselves()
    {
        await Users.CreateAsync("only-admin", AppRoles.Admin, NewsAppFactory.Password);
        await Users.CreateAsync("helper", AppRoles.Admin, NewsAppFactory.Password);

        // Two Admins: one may demote the other, but not themselves.
        await Assert.ThrowsAsync<AccountException>(() => Users.SetRoleAsync("only-admin", AppRoles.Viewer, actingUser: "only-admin"));
        await Assert.ThrowsAsync<AccountException>(() => Users.DeleteAsync("only-admin", actingUser: "only-admin"));
        await Users.SetRoleAsync("helper", AppRoles.Viewer, actingUser: "only-admin");

        // Now only one Admin is left: the CLI (no acting user) cannot take that away either.
        var demote = await Assert.ThrowsAsync<AccountException>(() => Users.SetRoleAsync("only-admin", AppRoles.Scientist, actingUser: null));
        Assert.Contains("last active Admin", demote.Message);
        await Assert.ThrowsAsync<AccountException>(() => Users.SetLockedAsync("only-admin", true, actingUser: null));
        await Assert.ThrowsAsync<AccountException>(() => Users.DeleteAsync("only-admin", actingUser: null));
        Assert.Equal(AppRoles.Admin, (await Users.FindAsync("only-admin"))!.Role);
    }

    [Fact]
    public async Task A_Viewer_who_reaches_the_users_page_cannot_change_anything()
    {
        await Users.CreateAsync("vic", AppRoles.Viewer, NewsAppFactory.Password);
        SignInAs("vic", AppRoles.Viewer);

        var page = Render<UsersPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=create-user-button]"));
        page.Find("[data-testid=new-user-name]").Input("intruder");
        ChooseRole(page, "Role of the new user", AppRoles.Admin);
        page.Find("[data-testid=new-user-password]").Input("intruder password");
        page.Find("[data-testid=create-user-button]").Click();
        ChooseRole(page, "Role of vic", AppRoles.Admin);

        _snackbars.WaitForAssertion(() => Assert.Contains("Your role (Viewer) does not allow this.", _snackbars.Markup));
        Assert.Null(await Users.FindAsync("intruder"));
        Assert.Equal(AppRoles.Viewer, (await Users.FindAsync("vic"))!.Role);
    }

    /// <summary>Picks <paramref name="role"/> in the role MudSelect labelled <paramref name="ariaLabel"/>: what choosing it in the
    /// open list raises.</summary>
    private static void ChooseRole(IRenderedComponent<UsersPage> page, string ariaLabel, string role)
    {
        var select = page.FindComponents<MudSelect<string>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("aria-label", out var label) && Equals(label, ariaLabel));
        select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(role)).GetAwaiter().GetResult();
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<UsersPage> page, string userName) =>
        page.FindAll("[data-testid=user-row]").Single(r => r.GetAttribute("data-user") == userName);

    private async Task<bool> PasswordWorksAsync(string userName, string password)
    {
        using var scope = AppServices.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    }
}
