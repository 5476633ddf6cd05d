using Microsoft.AspNetCore.Identity;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// A POST, PUT, PATCH or DELETE under /api that is authenticated by the sign-in cookie must carry
/// <c>X-NewsClassifier: 1</c>. SameSite=Lax alone is not enough: a page on a sibling subdomain is "same-site" and gets
/// the cookie attached to its form posts, and a body-less form post needs no CORS preflight. A custom header is
/// something no HTML form can add and a cross-origin script can only add after a preflight this app never grants.
/// Requests authenticated otherwise (a bearer access token, <see cref="ApiTokenAuthentication"/>) never carry the browser's ambient cookie and are exempt.
/// </summary>
public sealed class CookieWriteHeader(RequestDelegate next)
{
    public const string HeaderName = "X-NewsClassifier";

    public const string HeaderValue = "1";

    public static readonly string Message =
        $"Requests to the API that sign in with the cookie and change something must send the header '{HeaderName}: {HeaderValue}' " +
        "(it proves the request does not come from another site's form). Add it and send again.";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsCookieAuthenticatedWrite(context) && context.Request.Headers[HeaderName] != HeaderValue)
        {
            return Results.Problem(title: "Missing request header", detail: Message, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
        }
        return next(context);
    }

    private static bool IsCookieAuthenticatedWrite(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);
}
