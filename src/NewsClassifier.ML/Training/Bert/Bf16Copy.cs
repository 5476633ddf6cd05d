using NewsClassifier.ML.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>
/// Mixed-precision training without autocast: a bf16 copy of the model runs forward and backward, the fp32 model stays
/// the master that the optimiser steps, clips and saves. Before each step the master's weights are copied in
/// (<see cref="SyncWeights"/>), after it the copy's gradients are copied out as fp32 (<see cref="CopyGradients"/>).
/// LayerNorm weights stay fp32 in the copy (<see cref="LayerNormPrecision"/>), the logits are cast to fp32 before the
/// loss, and AdamW's moments are fp32 as they belong to the master. The copy draws its dropout masks from its own
/// generator, seeded like the master's.
/// </summary>
public sealed class Bf16Copy : IDisposable
{
    private readonly (Parameter Master, Parameter Copy)[] _pairs;

    private Bf16Copy(BertForSequenceClassification copy, (Parameter, Parameter)[] pairs)
    {
        Model = copy;
        _pairs = pairs;
    }

    /// <summary>The bf16 model that forwards and backwards; its train/eval mode is the caller's to set.</summary>
    public BertForSequenceClassification Model { get; }

    public static Bf16Copy Of(BertForSequenceClassification master, double classifierDropout, int seed, Device device)
    {
        var copy = new BertForSequenceClassification(master.Config, master.NumLabels, classifierDropout, seed);
        copy.to(ScalarType.BFloat16);
        foreach (var (_, module) in copy.named_modules())
            if (module is TorchSharp.Modules.LayerNorm norm) norm.to(ScalarType.Float32);
        copy.to(device);
        var masters = master.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var pairs = copy.named_parameters().Select(n => (masters[n.name], n.parameter)).ToArray();
        foreach (var (m, c) in pairs) c.requires_grad = m.requires_grad;
        var result = new Bf16Copy(copy, pairs);
        result.SyncWeights();
        return result;
    }

    /// <summary>The master's current weights into the copy (rounded to bf16 where the copy is bf16).</summary>
    public void SyncWeights()
    {
        using var noGrad = no_grad();
        foreach (var (m, c) in _pairs) c.copy_(m);
    }

    /// <summary>The copy's gradients into the master's, as fp32; the copy's are cleared for the next step.</summary>
    public void CopyGradients()
    {
        using var noGrad = no_grad();
        foreach (var (m, c) in _pairs)
        {
            if (c.grad is not { } g) continue;
            if (m.grad is { } existing) existing.copy_(g);
            else
            {
                using var fp32 = g.to_type(ScalarType.Float32);
                m.grad = fp32;
            }
        }
        Model.zero_grad();
    }

    /// <summary>fp32 logits (B, labels) of the bf16 model.</summary>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var logits = Model.forward(inputIds, attentionMask);
        return logits.to_type(ScalarType.Float32);
    }

    public void Dispose() => Model.Dispose();
}
