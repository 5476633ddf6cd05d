using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// Signs an API request in with its bearer token (<see cref="ApiTokens.CheckAsync"/>): the principal is the token's
/// user with the effective role and, when it applies, "can review". A refused token answers 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c> and a ProblemDetails naming the reason; never a redirect.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0) return AuthenticateResult.NoResult();
        if (headers.Count > 1) return AuthenticateResult.Fail("Send one Authorization header, not several.");
        var value = headers[0] ?? "";
        if (!value.StartsWith(ApiTokenAuthentication.BearerPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var check = await tokens.CheckAsync(value[ApiTokenAuthentication.BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (check.Identity is not { } identity) return AuthenticateResult.Fail(check.Refusal ?? "The token was refused.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, identity.UserId),
            new(ClaimTypes.Name, identity.UserName),
            new(ApiTokenAuthentication.TokenIdClaim, identity.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (identity.Role is { } role) claims.Add(new Claim(ClaimTypes.Role, role));
        if (identity.CanReview) claims.Add(new Claim(AppClaims.CanReview, "true"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
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
