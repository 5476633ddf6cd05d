namespace NewsClassifier.Application.Training;

/// <summary>A user's request for a training run: a dataset, a recipe and hyper-parameter overrides
/// (string key=value, as typed in a form or on a command line).</summary>
public sealed record TrainingRequest(int DatasetId, string Recipe, IReadOnlyDictionary<string, string>? Overrides = null, string StartedBy = "web")
{
    /// <summary>Whether a BERT recipe's <c>pretrained</c> may be any folder on the server (the CLI, run by someone at the
    /// machine); from the web and the API it must name an imported checkpoint.</summary>
    public bool AllowPretrainedFolder { get; init; }
}

/// <summary>A request the user can correct; <see cref="Errors"/> lists every problem found.</summary>
public sealed class TrainingRequestException(IReadOnlyList<string> errors)
    : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
