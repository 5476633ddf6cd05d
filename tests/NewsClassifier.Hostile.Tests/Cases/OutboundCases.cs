namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>
/// Server-side request forgery through the real CLI with the shipped configuration (Outbound:AllowedHosts empty): URL
/// imports and hub checkpoint imports that point at this machine, its network or the cloud metadata address, in several
/// spellings, or that carry credentials, are refused naming the rule before anything is fetched or recorded.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class OutboundCases(HostileApp app)
{
    private const string Rule = "this server does not fetch from loopback, private, link-local or multicast addresses (Outbound:AllowedHosts lists exceptions)";

    private string OnThisServer(string host) => $"http://{host}:{app.BaseAddress.Port}/healthz";

    private Task ImportRefusedAsync(string url, string message) =>
        Hostile.CliRefusedAsync(app, ["import", url, "--name", "hostile-outbound"], message);

    [Fact]
    public Task The_metadata_address_is_refused() =>
        ImportRefusedAsync("http://169.254.169.254/latest/meta-data/", $"http://169.254.169.254/latest/meta-data/ resolves to 169.254.169.254, a link-local address: {Rule}");

    [Fact]
    public Task IPv6_loopback_is_refused() => ImportRefusedAsync(OnThisServer("[::1]"), "resolves to ::1, a loopback address");

    [Fact]
    public Task An_IPv4_mapped_loopback_address_is_refused() => ImportRefusedAsync(OnThisServer("[::ffff:127.0.0.1]"), "a loopback address");

    [Fact]
    public Task A_decimal_loopback_address_is_refused() => ImportRefusedAsync(OnThisServer("2130706433"), "resolves to 127.0.0.1, a loopback address");

    [Fact]
    public Task The_name_localhost_is_refused() => ImportRefusedAsync(OnThisServer("localhost"), "names localhost, which is this machine");

    [Fact]
    public Task A_private_address_is_refused() => ImportRefusedAsync("http://10.0.0.1/train.csv", "resolves to 10.0.0.1, a private address");

    [Fact]
    public async Task A_url_with_credentials_is_refused_without_echoing_them()
    {
        var before = await StateFingerprint.ReadAsync(app.DatabasePath);

        var result = await app.CliAsync("import", "https://mallory:hunter2@example.com/train.csv", "--name", "hostile-credentials");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("https://example.com/train.csv carries a user name or password before its host", result.Err);
        Assert.DoesNotContain("hunter2", result.Out + result.Err);
        await Hostile.UnharmedAsync(app, before);
    }

    [Fact]
    public Task A_hub_at_a_private_address_is_refused_before_the_checkpoint_is_recorded() =>
        Hostile.CliRefusedAsync(app, ["pretrained", "import", "--hub", "google/tiny", "--hub-url", "http://192.168.1.10/"],
            $"http://192.168.1.10/ resolves to 192.168.1.10, a private address: {Rule}");
}
