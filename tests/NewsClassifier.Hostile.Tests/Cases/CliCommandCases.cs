namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>The real CLI's training and classification commands given ids and names that do not exist, and
/// out-of-range parameters: a non-zero exit with the reason, and nothing written to the server's database.</summary>
[Collection(HostileCollection.Name)]
public sealed class CliCommandCases(HostileApp app)
{
    [Fact]
    public Task Classify_with_an_unknown_run_is_refused() =>
        Hostile.CliRefusedAsync(app, ["classify", "--run", "999999", "--text", "Stocks rallied."], "There is no run number 999999.");

    [Fact]
    public Task Training_an_unknown_dataset_is_refused() =>
        Hostile.CliRefusedAsync(app, ["train", "--dataset", "no-such-dataset", "--recipe", "custom"],
            "There is no dataset named 'no-such-dataset'.");

    [Fact]
    public Task Training_with_a_negative_embedding_size_is_refused() =>
        Hostile.CliRefusedAsync(app, ["train", "--dataset", HostileApp.DatasetName, "--recipe", "custom", "--set", "embed_dim=-5"],
            "embed_dim: -5 is out of range (allowed: 1..4096).");
}
