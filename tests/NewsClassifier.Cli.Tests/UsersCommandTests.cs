using System.Text.Json;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>users</c>: accounts from the command line; passwords only from stdin or NEWSCLASSIFIER_PASSWORD.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-users-" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? stdin = null, string? passwordVariable = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory };
        // The host reads environment variables as configuration; the test sets the same key without touching the process environment.
        if (passwordVariable is not null) settings["NEWSCLASSIFIER_PASSWORD"] = passwordVariable;
        var exit = await CliApp.RunAsync(args, output, error, settings, input: new StringReader(stdin ?? ""));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Add_list_and_set_role_with_passwords_from_stdin_or_the_environment()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).Exit);
        Assert.Contains("No users yet", (await RunAsync(["users", "list"])).Out);

        var admin = await RunAsync(["users", "add", "root", "--role", "Admin", "--password-stdin"], stdin: "a long admin passphrase\n");
        Assert.True(admin.Exit == 0, admin.Err);
        var viewer = await RunAsync(["users", "add", "vera", "--role", "viewer"], passwordVariable: "vera's long password");
        Assert.True(viewer.Exit == 0, viewer.Err);
        Assert.Contains("Created vera (Viewer).", viewer.Out);

        var setRole = await RunAsync(["users", "set-role", "vera", "Scientist"]);
        Assert.True(setRole.Exit == 0, setRole.Err);

        var list = await RunAsync(["users", "list", "--json"]);
        var users = JsonDocument.Parse(list.Out).RootElement.EnumerateArray()
            .ToDictionary(u => u.GetProperty("userName").GetString()!, u => u.GetProperty("role").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["root"] = "Admin", ["vera"] = "Scientist" }, users);
        Assert.Contains("vera", (await RunAsync(["users", "list"])).Out);
    }

    [Fact]
    public async Task Refusals_are_one_clear_line_and_exit_1()
    {
        await RunAsync(["migrate"]);

        var noPassword = await RunAsync(["users", "add", "root", "--role", "Admin"]);
        Assert.Equal(1, noPassword.Exit);
        Assert.Contains("No password: pipe it with --password-stdin, or set NEWSCLASSIFIER_PASSWORD", noPassword.Err);

        var weak = await RunAsync(["users", "add", "root", "--role", "Admin", "--password-stdin"], stdin: "short\n");
        Assert.Equal(1, weak.Exit);
        Assert.Contains("at least 10 characters", weak.Err);

        var role = await RunAsync(["users", "add", "root", "--role", "Overlord", "--password-stdin"], stdin: "a long admin passphrase\n");
        Assert.Equal(1, role.Exit);
        Assert.Contains("Unknown role 'Overlord'. Roles: Admin, Scientist, Annotator, Viewer.", role.Err);

        // A password is never an argument: an extra positional value is a usage error, not a password.
        Assert.NotEqual(0, (await RunAsync(["users", "add", "root", "hunter2hunter2", "--role", "Admin"])).Exit);

        await RunAsync(["users", "add", "root", "--role", "Admin", "--password-stdin"], stdin: "a long admin passphrase\n");
        var last = await RunAsync(["users", "set-role", "root", "Viewer"]);
        Assert.Equal(1, last.Exit);
        Assert.Contains("last active Admin", last.Err);
        Assert.Equal(1, (await RunAsync(["users", "set-role", "ghost", "Viewer"])).Exit);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
