using Microsoft.Extensions.Configuration;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>users add|list|set-role|reset-password|unlock</c>: accounts without the web app, e.g. the first Admin on a new
/// installation or a locked-out Admin. Passwords never come from an argument (shell history, process lists): they are
/// read from standard input with <c>--password-stdin</c>, or from the NEWSCLASSIFIER_PASSWORD environment variable.
/// </summary>
public sealed class UsersCommand(UserAdministration users, IConfiguration configuration, CliConsole console) : ICliCommand
{
    public const string PasswordVariable = "NEWSCLASSIFIER_PASSWORD";

    public Command Create()
    {
        var command = new Command("users", "Manage user accounts and roles (first Admin, recovery).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetRole());
        command.Subcommands.Add(ResetPassword());
        command.Subcommands.Add(Unlock());
        return command;
    }

    private Command Add()
    {
        var userName = new Argument<string>("userName") { Description = "The name the user signs in with." };
        var role = RoleOption(required: true);
        var stdin = PasswordStdinOption();
        var command = new Command("add", $"Create a user. Password: --password-stdin, or the {PasswordVariable} environment variable.") { userName, role, stdin };
        command.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(stdin));
            var user = await users.CreateAsync(parse.GetValue(userName)!, parse.GetValue(role)!, password, cancellationToken);
            await console.Out.WriteLineAsync($"Created {user.UserName} ({user.Role}).");
        }));
        return command;
    }

    private Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("list", "List users with their role, review permission and lock state.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var all = await users.ListAsync(cancellationToken);
            var now = DateTimeOffset.UtcNow;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.Serialize(all.Select(u => new
                {
                    u.UserName, u.Role, u.CanReview, Locked = u.IsLockedOut(now), u.CreatedAt,
                })));
                return 0;
            }
            if (all.Count == 0)
            {
                await console.Out.WriteLineAsync("No users yet. Create the first Admin with: newsclassifier users add <name> --role Admin --password-stdin");
                return 0;
            }
            await console.Out.WriteLineAsync($"{"User",-24} {"Role",-10} {"Review",-7} {"Locked",-7} Created (UTC)");
            foreach (var u in all)
                await console.Out.WriteLineAsync($"{u.UserName,-24} {u.Role ?? "-",-10} {(u.CanReview ? "yes" : "-"),-7} {(u.IsLockedOut(now) ? "yes" : "-"),-7} {u.CreatedAt:yyyy-MM-dd HH:mm}");
            return 0;
        });
        return command;
    }

    private Command SetRole()
    {
        var userName = new Argument<string>("userName");
        var role = new Argument<string>("role") { Description = string.Join(", ", AppRoles.All) };
        var command = new Command("set-role", "Give a user another role (the last Admin keeps theirs).") { userName, role };
        command.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            await users.SetRoleAsync(parse.GetValue(userName)!, parse.GetValue(role)!, actingUser: null, cancellationToken);
            await console.Out.WriteLineAsync($"{parse.GetValue(userName)} is now {AppRoles.Find(parse.GetValue(role))}.");
        }));
        return command;
    }

    private Command ResetPassword()
    {
        var userName = new Argument<string>("userName");
        var stdin = PasswordStdinOption();
        var command = new Command("reset-password", $"Set a new password. Password: --password-stdin, or {PasswordVariable}.") { userName, stdin };
        command.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(stdin));
            await users.ResetPasswordAsync(parse.GetValue(userName)!, password, actingUser: null, cancellationToken);
            await console.Out.WriteLineAsync($"Password of {parse.GetValue(userName)} reset.");
        }));
        return command;
    }

    private Command Unlock()
    {
        var userName = new Argument<string>("userName");
        var command = new Command("unlock", "End a lockout (after failed sign-ins or set by an Admin).") { userName };
        command.SetAction((parse, cancellationToken) => RunAsync(async () =>
        {
            await users.SetLockedAsync(parse.GetValue(userName)!, locked: false, actingUser: null, cancellationToken);
            await console.Out.WriteLineAsync($"{parse.GetValue(userName)} is unlocked.");
        }));
        return command;
    }

    private static Option<string> RoleOption(bool required) => new("--role")
    {
        Description = string.Join(", ", AppRoles.All),
        Required = required,
    };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input.",
    };

    private async Task<string> ReadPasswordAsync(bool fromStdin)
    {
        if (fromStdin)
        {
            var line = await console.In.ReadLineAsync();
            if (string.IsNullOrEmpty(line)) throw new AccountException("--password-stdin: standard input gave no password.");
            return line;
        }
        var variable = configuration[PasswordVariable];
        if (!string.IsNullOrEmpty(variable)) return variable;
        throw new AccountException($"No password: pipe it with --password-stdin, or set {PasswordVariable}. It is never taken as an argument.");
    }

    private Task<int> RunAsync(Func<Task> action) => AccountCommandErrors.RunAsync(console, action);
}
