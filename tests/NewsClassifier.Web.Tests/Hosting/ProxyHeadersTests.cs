using System.Text.RegularExpressions;

namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>An app behind a TLS proxy at 10.1.2.3 (Proxy:KnownProxies).</summary>
public sealed class ProxiedApp : IDisposable
{
    public static readonly IPAddress Proxy = IPAddress.Parse("10.1.2.3");

    public NewsAppFactory App { get; } = new();

    public ProxiedApp() => App.Settings["Proxy:KnownProxies:0"] = Proxy.ToString();

    public void Dispose() => App.Dispose();
}

/// <summary>X-Forwarded-Proto from a known proxy makes the request HTTPS, so the sign-in and antiforgery cookies are Secure;
/// the same header from anyone else is ignored.</summary>
public class ProxyHeadersTests(ProxiedApp fixture) : IClassFixture<ProxiedApp>
{
    [Fact]
    public async Task Behind_the_known_proxy_the_cookies_are_secure()
    {
        await fixture.App.CreateUserAsync("proxied", "Viewer");
        using var client = fixture.App.ClientFrom(ProxiedApp.Proxy, cookies: false);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");

        var (antiforgery, signIn) = await SignInAsync(client, "proxied");

        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(Cookies(signIn), c => c.StartsWith("NewsClassifier.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_forwarded_scheme_from_an_unknown_address_is_ignored()
    {
        await fixture.App.CreateUserAsync("direct", "Viewer");
        using var client = fixture.App.ClientFrom(IPAddress.Parse("198.51.100.10"), cookies: false);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var (antiforgery, signIn) = await SignInAsync(client, "direct");

        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(Cookies(signIn), c => c.StartsWith("NewsClassifier.Auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sign-in form by hand: the antiforgery cookie (as set) goes back in a Cookie header.</summary>
    internal static async Task<(string AntiforgeryCookie, HttpResponseMessage SignIn)> SignInAsync(HttpClient client, string userName)
    {
        using var page = await client.GetAsync("/account/login");
        var cookie = Assert.Single(Cookies(page), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var token = WebUtility.HtmlDecode(Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = NewsAppFactory.Password,
            }),
        };
        post.Headers.Add("Cookie", cookie.Split(';')[0]);
        return (cookie, await client.SendAsync(post));
    }

    [Fact]
    public async Task Proxy_ForceSecureCookies_marks_them_secure_even_over_plain_http()
    {
        using var forced = new NewsAppFactory();
        forced.Settings["Proxy:ForceSecureCookies"] = "true";
        await forced.CreateUserAsync("forced", "Viewer");
        using var client = forced.ClientFrom(IPAddress.Parse("198.51.100.11"), cookies: false);

        var (antiforgery, signIn) = await SignInAsync(client, "forced");

        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("secure", Assert.Single(Cookies(signIn), c => c.StartsWith("NewsClassifier.Auth=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }

    internal static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
