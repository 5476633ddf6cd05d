using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using NewsClassifier.Application.Accounts.Tokens;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// Signs an API request in with its bearer token (<see cref="ApiTokens.CheckAsync"/>): the principal is the token's
/// user with the effective role and, when it applies, "can review". A refused token answers 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c> and a ProblemDetails naming the reason; never a redirect.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The bearer token scheme's name.</summary>
    public const string SchemeName = "ApiToken";

    private const string BearerPrefix = "Bearer ";

    /// <summary>True for an /api request that carries a bearer header (whatever follows: the handler judges it); the
    /// cookie handles every other request.</summary>
    public static bool Handles(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") &&
        request.Headers.Authorization is { Count: > 0 } values &&
        values[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0) return AuthenticateResult.NoResult();
        if (headers.Count > 1) return AuthenticateResult.Fail("Send one Authorization header, not several.");
        var value = headers[0] ?? "";
        if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var check = await tokens.CheckAsync(value[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (check.Identity is not { } identity) return AuthenticateResult.Fail(check.Refusal ?? "The token was refused.");
        var principal = ApiTokenPrincipal.Create(identity, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "Send a personal access token as 'Authorization: Bearer nct_...'.";
        Response.Headers.WWWAuthenticate = result.Failure is null
            ? "Bearer realm=\"NewsClassifier\""
            : $"Bearer realm=\"NewsClassifier\", error=\"invalid_token\", error_description=\"{Quoted(reason)}\"";
        await Results.Problem(title: "Not signed in", detail: reason, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    /// <summary>A header's quoted string: no quotes, backslashes or control characters from the reason.</summary>
    private static string Quoted(string text) => new(text.Where(c => c is not ('"' or '\\') && !char.IsControl(c) && c < 127).ToArray());
}
