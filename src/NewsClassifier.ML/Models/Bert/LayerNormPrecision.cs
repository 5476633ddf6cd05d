using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// LayerNorm in its own parameters' precision. bf16 training keeps the norms' weights in fp32 (a bf16 gain near 1 has
/// a step of 0.4%) and normalises an fp32 copy of its input, as autocast does; the result goes back to the input's
/// dtype for the next bf16 matmul. In an all-fp32 model this is the plain LayerNorm.
/// </summary>
internal static class LayerNormPrecision
{
    public static Tensor Normalize(this LayerNorm norm, Tensor input)
    {
        var dtype = norm.weight!.dtype;
        return input.dtype == dtype ? norm.forward(input) : norm.forward(input.to_type(dtype)).to_type(input.dtype);
    }
}
