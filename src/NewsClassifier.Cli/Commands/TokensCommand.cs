using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>tokens create|list|revoke</c>: personal access tokens for scripts (<c>Authorization: Bearer</c> on the API) without
/// the web app. The secret is printed once, by <c>create</c>; only its hash is stored. A revocation reaches a running web
/// app at its next request. Whoever runs the CLI owns the installation, so it may act for any user.
/// </summary>
public sealed class TokensCommand(ApiTokens tokens, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var command = new Command("tokens", "Personal access tokens for the API (Authorization: Bearer): create, list, revoke.");
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private Command CreateToken()
    {
        var user = new Option<string>("--user") { Description = "The user the token acts as.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for (e.g. \"CMS import\").", Required = true };
        var days = new Option<int?>("--expires-days") { Description = "Days until it expires (default: never)." };
        var role = new Option<string?>("--role") { Description = $"A narrower role than the user's ({string.Join(", ", AppRoles.All)}); default: the user's own." };
        var json = JsonOption("Print {\"id\", \"token\", \"name\", \"user\", \"role\", \"expiresAt\"} instead of text.");
        var command = new Command("create", "Create a token and print its secret (shown this once).") { user, name, days, role, json };
        command.SetAction((parse, cancellationToken) => AccountCommandErrors.RunAsync(console, async () =>
        {
            var created = await tokens.CreateAsync(parse.GetValue(user)!, parse.GetValue(name), parse.GetValue(days), parse.GetValue(role), cancellationToken);
            var info = created.Info;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.Serialize(new { info.Id, created.Token, info.Name, User = info.UserName, info.Role, info.ExpiresAt }));
                return;
            }
            await console.Out.WriteLineAsync($"Token {info.Id} '{info.Name}' for {info.UserName} (role {info.Role ?? "the user's"}, expires {When(info.ExpiresAt, "never")}):");
            await console.Out.WriteLineAsync(created.Token);
            await console.Out.WriteLineAsync("Copy it now: it is not stored and cannot be shown again.");
        }));
        return command;
    }

    private Command List()
    {
        var user = new Option<string?>("--user") { Description = "Only this user's tokens (default: everyone's)." };
        var json = JsonOption("Print a JSON array instead of a table.");
        var command = new Command("list", "List tokens (never their secrets): prefix, role, created, expires, last used, state.") { user, json };
        command.SetAction((parse, cancellationToken) => AccountCommandErrors.RunAsync(console, async () =>
        {
            var all = await tokens.ListAsync(parse.GetValue(user), cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.Serialize(all));
                return;
            }
            if (all.Count == 0)
            {
                await console.Out.WriteLineAsync("No tokens. Create one with: newsclassifier tokens create --user <name> --name <what it is for>");
                return;
            }
            await console.Out.WriteLineAsync($"{"Id",5} {"User",-16} {"Name",-24} {"Prefix",-18} {"Role",-10} {"State",-8} {"Expires (UTC)",-16} Last used (UTC)");
            foreach (var t in all)
                await console.Out.WriteLineAsync(
                    $"{t.Id,5} {t.UserName,-16} {t.Name,-24} {t.Prefix,-18} {t.Role ?? "-",-10} {t.State.ToString().ToLowerInvariant(),-8} {When(t.ExpiresAt, "never"),-16} {When(t.LastUsedAt, "-")}");
        }));
        return command;
    }

    private Command Revoke()
    {
        var id = new Argument<int>("id") { Description = "The token's id (tokens list)." };
        var command = new Command("revoke", "Revoke a token: its next request answers 401.") { id };
        command.SetAction((parse, cancellationToken) => AccountCommandErrors.RunAsync(console, async () =>
        {
            var revoked = await tokens.RevokeAsync(parse.GetValue(id), actingUser: null, cancellationToken);
            await console.Out.WriteLineAsync($"Token {revoked.Id} '{revoked.Name}' of {revoked.UserName} is revoked.");
        }));
        return command;
    }

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static string When(DateTime? at, string none) => at?.ToString("yyyy-MM-dd HH:mm") ?? none;
}
