using System.Globalization;
using System.Security.Claims;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>The principal a valid token signs a request in as: the claims the policies read (name, role, "can review")
/// exactly as a cookie session carries them, plus the token's id.</summary>
public static class ApiTokenPrincipal
{
    /// <summary>The claim carrying the id of the token a request came with.</summary>
    public const string TokenIdClaim = "newsclassifier:token-id";

    public static ClaimsPrincipal Create(ApiTokenIdentity identity, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, identity.UserId),
            new(ClaimTypes.Name, identity.UserName),
            new(TokenIdClaim, identity.TokenId.ToString(CultureInfo.InvariantCulture)),
        };
        if (identity.Role is { } role) claims.Add(new Claim(ClaimTypes.Role, role));
        if (identity.CanReview) claims.Add(new Claim(AppClaims.CanReview, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
