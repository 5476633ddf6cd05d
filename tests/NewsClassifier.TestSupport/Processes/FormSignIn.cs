using System.Net;
using System.Text.RegularExpressions;

namespace NewsClassifier.TestSupport.Processes;

/// <summary>Signs in to a running web app through its sign-in form, as a browser does.</summary>
public static partial class FormSignIn
{
    /// <summary>The header cookie-authenticated API writes must carry (the web app's CookieWriteHeader).</summary>
    public const string WriteHeader = "X-NewsClassifier";

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient NewClient(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>GET the form for the antiforgery cookie and token, POST it; success is a 302 away from the form. The client
    /// then sends <c>X-NewsClassifier: 1</c>, which the API wants on every cookie-authenticated write (as a script would).</summary>
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string userName, string password, Func<string>? serverTail = null)
    {
        var client = NewClient(baseAddress);
        var html = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token on /account/login:\n" + html[..Math.Min(html.Length, 2000)]);
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {userName} answered {(int)response.StatusCode}:\n{serverTail?.Invoke()}");
        client.DefaultRequestHeaders.Add(WriteHeader, "1");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
