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

    /// <summary>On a CPU machine asking for CUDA is a clear error; on a CUDA machine it gives the GPU, and a forward
    /// and backward pass runs there. Either way the test checks something.</summary>
    [Fact]
    public void Explicit_cuda_is_the_gpu_when_there_is_one_and_a_clear_error_otherwise()
    {
        if (!cuda.is_available())
        {
            var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice("cuda"));
            Assert.Contains("no CUDA device", error.Message);
            Assert.Equal(CPU, TorchRuntime.ResolveDevice("auto"));
            return;
        }

        var device = TorchRuntime.ResolveDevice("cuda");
        Assert.Equal(DeviceType.CUDA, device.type);
        Assert.Equal(DeviceType.CUDA, TorchRuntime.ResolveDevice("auto").type);
        using var scope = NewDisposeScope();
        manual_seed(1);
        var layer = nn.Linear(8, 3).to(device);
        var x = randn(4, 8, device: device);
        var target = tensor(new long[] { 0, 1, 2, 1 }, device: device);
        var loss = nn.functional.cross_entropy(layer.forward(x), target);
        loss.backward();
        Assert.Equal(DeviceType.CUDA, layer.weight!.grad!.device_type);
        Assert.True(layer.weight.grad.abs().sum().item<float>() > 0);
        Assert.True(float.IsFinite(loss.item<float>()));
    }

    [Fact]
    public void Unknown_device_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
        Assert.Contains("not 'tpu'", error.Message);
    }
}
