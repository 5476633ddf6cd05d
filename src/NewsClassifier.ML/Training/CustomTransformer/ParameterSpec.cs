namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>One user-settable hyper-parameter: its key, what it accepts, and how it lands in <see cref="HyperParameters"/>.</summary>
public sealed record ParameterSpec(
    string Key,
    string Description,
    string Allowed,
    Func<HyperParameters, string> Read,
    Func<HyperParameters, string, (HyperParameters? Value, string? Error)> Apply);
