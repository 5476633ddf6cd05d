using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// What a resume checkpoint must agree with before it is loaded into a run: the recipe, its full parameter set, a hash
/// of the data and split it trains on, the label count and the model's parameter names and shapes. A checkpoint written
/// for anything else would load as garbage (or not at all), so <see cref="ResumeCheckpoint"/> refuses it by name.
/// </summary>
public sealed record ResumeIdentity(string Recipe, IReadOnlyDictionary<string, string> Parameters, string DataHash, int LabelCount, string ModelShape)
{
    public static ResumeIdentity Of(string recipe, IReadOnlyDictionary<string, string> parameters, TrainingData data,
        IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices, nn.Module model) =>
        new(recipe, new SortedDictionary<string, string>(parameters.ToDictionary(), StringComparer.Ordinal), HashOf(data, trainIndices, validationIndices),
            data.LabelNames.Count, string.Join(";", model.named_parameters().Select(n => $"{n.name}[{string.Join(",", n.parameter.shape)}]")));

    /// <summary>The differences from <paramref name="expected"/>, each naming what differs; empty when they match.</summary>
    public IReadOnlyList<string> DifferencesFrom(ResumeIdentity expected)
    {
        var differences = new List<string>();
        if (Recipe != expected.Recipe) differences.Add($"recipe '{Recipe}', the run's is '{expected.Recipe}'");
        foreach (var key in Parameters.Keys.Union(expected.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Parameters.GetValueOrDefault(key);
            var theirs = expected.Parameters.GetValueOrDefault(key);
            if (mine != theirs) differences.Add($"{key}={mine ?? "(none)"}, the run's is {theirs ?? "(none)"}");
        }
        if (DataHash != expected.DataHash) differences.Add("it was written for other articles, labels or split (data hash differs)");
        if (LabelCount != expected.LabelCount) differences.Add($"{LabelCount} labels, the run has {expected.LabelCount}");
        if (ModelShape != expected.ModelShape) differences.Add("the model's parameter names or shapes differ");
        return differences;
    }

    /// <summary>SHA-256 over every text, label, label name and both index lists, each length-prefixed so no two inputs collide by concatenation.</summary>
    private static string HashOf(TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[4];
        void Int(int value)
        {
            BitConverter.TryWriteBytes(number, value);
            hash.AppendData(number);
        }
        void Text(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value ?? "");
            Int(bytes.Length);
            hash.AppendData(bytes);
        }
        Int(data.Texts.Count);
        foreach (var text in data.Texts) Text(text);
        foreach (var label in data.Labels) Int(label);
        Int(data.LabelNames.Count);
        foreach (var name in data.LabelNames) Text(name);
        Int(trainIndices.Count);
        foreach (var i in trainIndices) Int(i);
        Int(validationIndices.Count);
        foreach (var i in validationIndices) Int(i);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
