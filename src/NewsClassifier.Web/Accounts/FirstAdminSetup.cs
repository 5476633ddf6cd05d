using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// First start without a default password: while no Admin exists, the app holds a random one-time token and logs the
/// setup address /account/setup?token=... (a warning, once per start). Whoever can read the server log creates the
/// first Admin there; the token dies with that Admin (and with the process). The CLI's <c>users add</c> is the other way.
/// </summary>
public sealed class FirstAdminSetup(UserAdministration users, ILogger<FirstAdminSetup> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    public const string Path = "/account/setup";

    /// <summary>The token while setup is open (no Admin yet), created on first call; null once an Admin exists.</summary>
    public async Task<string?> OpenAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await users.AnyAdminAsync(cancellationToken)) return _token = null;
            return _token ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        finally { _gate.Release(); }
    }

    public async Task<bool> IsValidAsync(string? token, CancellationToken cancellationToken = default)
    {
        var current = _token;
        return current is not null && Matches(current, token) && !await users.AnyAdminAsync(cancellationToken);
    }

    /// <summary>Creates the first Admin when <paramref name="token"/> is the current one and still no Admin exists
    /// (checked under a lock, so two submissions cannot both succeed).</summary>
    public async Task<UserInfo> CreateAdminAsync(string? token, string userName, string password, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || !Matches(_token, token) || await users.AnyAdminAsync(cancellationToken))
                throw new AccountException("This setup link is no longer valid: an Admin exists or the link is from an earlier start. Sign in instead.");
            var admin = await users.CreateAsync(userName, AppRoles.Admin, password, cancellationToken);
            _token = null;
            logger.LogInformation("First Admin {UserName} created through the setup page; setup is closed", admin.UserName);
            return admin;
        }
        finally { _gate.Release(); }
    }

    private static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    /// <summary>Logs the setup address once the server listens (so the address has the real port).</summary>
    internal sealed class Announcer(FirstAdminSetup setup, IServer server, IHostApplicationLifetime lifetime, ILogger<FirstAdminSetup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync());
            return Task.CompletedTask;
        }

        private async Task AnnounceAsync()
        {
            try
            {
                if (await setup.OpenAsync(lifetime.ApplicationStopping) is not { } token) return;
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
                logger.LogWarning(
                    "No Admin account exists yet. Create the first Admin at {SetupUrl} (one-time link, valid until an Admin exists), " +
                    "or run: newsclassifier users add <name> --role Admin --password-stdin", $"{address}{Path}?token={token}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not check for an Admin account at start");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
