namespace NewsClassifier.Web.Accounts;

public static class ApiAuthorization
{
    /// <summary>
    /// A write endpoint of the JSON API under <paramref name="policy"/>. The API is cookie-authenticated, and its
    /// antiforgery rule is the cookie's SameSite=Lax rather than a token: browsers do not attach a Lax cookie to a
    /// cross-site POST, PUT or DELETE (form or fetch), so such a request arrives anonymous and gets 401; JSON bodies
    /// additionally need a CORS preflight, which this app never grants. Scripts (curl, CI) therefore need no token
    /// dance: sign in, keep the cookie. Blazor forms and the sign-out form carry real antiforgery tokens.
    /// </summary>
    public static RouteHandlerBuilder RequireApiWrite(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireAuthorization(policy).DisableAntiforgery();
}
