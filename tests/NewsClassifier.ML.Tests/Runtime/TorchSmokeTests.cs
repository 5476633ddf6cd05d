using NewsClassifier.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Runtime;

public class TorchSmokeTests
{
    [Fact]
    public void Forward_and_backward_run_on_cpu()
    {
        var info = TorchRuntime.Initialize(new TorchOptions { Device = "cpu" });
        Assert.Equal("cpu", info.Device);

        using var scope = NewDisposeScope();
        manual_seed(1);
        var layer = nn.Linear(8, 3);
        var x = randn(4, 8);
        var target = tensor(new long[] { 0, 1, 2, 1 });
        var loss = nn.functional.cross_entropy(layer.forward(x), target);
        loss.backward();

        Assert.Equal(new long[] { 3, 8 }, layer.weight!.grad!.shape);
        Assert.True(layer.weight.grad.abs().sum().item<float>() > 0);
        Assert.True(float.IsFinite(loss.item<float>()));
    }

    [Fact]
    public void Explicit_cuda_without_a_gpu_is_a_clear_error()
    {
        if (cuda.is_available()) return; // only meaningful on CPU machines
        var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice("cuda"));
        Assert.Contains("no CUDA device", error.Message);
    }

    [Fact]
    public void Unknown_device_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
    }
}
