namespace NewsClassifier.Application.Training;

/// <summary>A user's request for a training run: a dataset, a recipe and hyper-parameter overrides
/// (string key=value, as typed in a form or on a command line).</summary>
public sealed record TrainingRequest(int DatasetId, string Recipe, IReadOnlyDictionary<string, string>? Overrides = null, string StartedBy = "web")
{
    /// <summary>Whether a BERT recipe's <c>pretrained</c> may be any folder on the server (the CLI, run by someone at the
    /// machine); from the web and the API it must name an imported checkpoint.</summary>
    public bool AllowPretrainedFolder { get; init; }

    /// <summary>What the user calls the run (trimmed; blank: none, the pages say "run N"); at most <see cref="Domain.Runs.TrainingRun.MaxNameLength"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Tags, comma-separated as typed (normalised like the run page's tags: trimmed, spaces to dashes, duplicates dropped).</summary>
    public string? Tags { get; init; }
}

/// <summary>A request the user can correct; <see cref="Errors"/> lists every problem found.</summary>
public sealed class TrainingRequestException(IReadOnlyList<string> errors)
    : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
