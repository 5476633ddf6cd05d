namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>An app that allows 3 sign-in attempts per address and minute (the default is 30).</summary>
public sealed class TightSignInApp : IDisposable
{
    public NewsAppFactory App { get; } = new();

    public TightSignInApp() => App.Settings["RateLimits:SignIn:PermitLimit"] = "3";

    public void Dispose() => App.Dispose();
}

/// <summary>Sign-in attempts are rate-limited per client address (an attacker has no user yet).</summary>
public class SignInRateLimitTests(TightSignInApp fixture) : IClassFixture<TightSignInApp>
{
    [Fact]
    public async Task Sign_in_attempts_past_the_limit_per_address_answer_429_and_the_page_still_shows()
    {
        using var client = fixture.App.ClientFrom(IPAddress.Parse("192.0.2.44"));
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await NewsAppFactory.SignInAsync(client, "nobody", $"guess {i}")).StatusCode);

        using var refused = await NewsAppFactory.SignInAsync(client, "nobody", "guess 4");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal("Too many sign-in attempts from this address: the limit is 3 per 60 s. Try again in "
            + refused.Headers.GetValues("Retry-After").Single() + " s.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        // Another address is not affected.
        using var elsewhere = fixture.App.ClientFrom(IPAddress.Parse("192.0.2.45"));
        Assert.Equal(HttpStatusCode.OK, (await NewsAppFactory.SignInAsync(elsewhere, "nobody", "guess")).StatusCode);
    }
}
