using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>
/// Inverted dropout that draws its mask from the model's own generator instead of torch's process-wide one:
/// two trainings in one process (or tests running in parallel) then stay reproducible from their seeds.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _p;
    private readonly Generator _generator;

    public SeededDropout(double p, Generator generator, string name = "dropout") : base(name)
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout rate must be in [0, 1).");
        _p = p;
        _generator = generator;
        RegisterComponents();
    }

    /// <summary>Whether <see cref="forward"/> drops anything (training mode and a rate above 0).</summary>
    public bool IsActive => training && _p > 0;

    public override Tensor forward(Tensor input)
    {
        if (!IsActive) return input.alias();
        using var scope = NewDisposeScope();
        // The generator lives on the CPU; on a GPU the mask is drawn there and copied (same masks on every device).
        var keep = input.device_type == TorchSharp.DeviceType.CPU
            ? empty_like(input).bernoulli_(1 - _p, _generator)
            : empty(input.shape, input.dtype).bernoulli_(1 - _p, _generator).to(input.device);
        return (input * keep / (1 - _p)).MoveToOuterDisposeScope();
    }
}
