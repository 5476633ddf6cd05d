using static TorchSharp.torch;

namespace NewsClassifier.ML.Training;

/// <summary>
/// Copies of a model's trainable parameters at the best epoch so far, so early stopping can put them back at the end.
/// Only what trains can change, so only trainable parameters are copied (a frozen bert-base body is not). Both trainers
/// keep one; disposing frees the copies.
/// </summary>
public sealed class BestWeights : IDisposable
{
    private Dictionary<string, Tensor>? _saved;

    public bool HasValue => _saved is not null;

    /// <summary>The kept copies by parameter name (what a resume checkpoint writes as <c>best.safetensors</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Saved => _saved ?? throw new InvalidOperationException("No weights were kept.");

    /// <summary>Replaces the kept copies with the model's current trainable parameters.</summary>
    public void Keep(nn.Module model)
    {
        Clear();
        using var _ = no_grad();
        _saved = model.named_parameters().Where(n => n.parameter.requires_grad)
            .ToDictionary(n => n.name, n => n.parameter.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Keeps copies of <paramref name="saved"/> (read back from a resume checkpoint) as the best weights.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> saved)
    {
        Clear();
        _saved = saved.ToDictionary(n => n.Key, n => n.Value.detach().clone().DetachFromDisposeScope());
    }

    public void RestoreInto(nn.Module model)
    {
        if (_saved is null) throw new InvalidOperationException("No weights were kept.");
        using var _ = no_grad();
        foreach (var (name, value) in model.named_parameters())
            if (_saved.TryGetValue(name, out var saved)) value.copy_(saved);
    }

    public void Clear()
    {
        if (_saved is not null) foreach (var t in _saved.Values) t.Dispose();
        _saved = null;
    }

    public void Dispose() => Clear();
}
