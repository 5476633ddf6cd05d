using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Training.Bert;

public sealed class Bf16TrainingTests : IDisposable
{
    private readonly string _pretrained = TinyBert.CreateFolder();

    public Bf16TrainingTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_pretrained, recursive: true);

    [Fact]
    public void The_bf16_copy_keeps_LayerNorm_in_fp32_and_gives_the_master_fp32_gradients_within_bf16_rounding()
    {
        var data = TestData.Articles(perClass: 2);
        var folder = BertFolder.Open(_pretrained);
        var tokenizer = folder.CreateTokenizer();
        var ids = data.Texts.Select(t => BertInputs.Encode(tokenizer, t, 32).Ids).ToArray();
        var (model, _) = folder.LoadForSequenceClassification(4, classifierDropout: 0, seed: 3);
        using var _1 = model;
        using var copy = Bf16Copy.Of(model, classifierDropout: 0, seed: 3, CPU);
        model.eval();
        copy.Model.eval();
        var state = copy.Model.state_dict();
        Assert.Equal(ScalarType.BFloat16, state["bert.encoder.layer.0.attention.self.query.weight"].dtype);
        Assert.Equal(ScalarType.Float32, state["bert.encoder.layer.0.output.LayerNorm.weight"].dtype);
        Assert.Equal(ScalarType.Float32, state["bert.embeddings.LayerNorm.bias"].dtype);

        // One label for the whole batch: with balanced labels an untrained model's per-article gradients nearly cancel, and
        // the small remainder measures the cancellation, not the precision.
        int[][] batches = [[0, 1, 2, 3, 4, 5, 6, 7]];
        var labels = data.Labels.Select(_ => 1).ToArray();
        (Tensor, Tensor) Inputs(int[] batch) => BertInputs.Batch(ids, batch, batch.Max(i => ids[i].Length), tokenizer.PadId, CPU);
        var (fp32Loss, _, _) = BertTrainer.AccumulateGradients(b => { var (x, m) = Inputs(b); return model.forward(x, m); }, labels, batches, CPU);
        var fp32 = model.named_parameters().ToDictionary(n => n.name, n => n.parameter.grad!.clone());
        model.zero_grad();

        var (bf16Loss, _, _) = BertTrainer.AccumulateGradients(b => { var (x, m) = Inputs(b); return copy.Forward(x, m); }, labels, batches, CPU);
        copy.CopyGradients();
        Assert.Equal(fp32Loss, bf16Loss, 0.02);
        foreach (var (name, parameter) in model.named_parameters())
        {
            var g = parameter.grad!;
            Assert.Equal(ScalarType.Float32, g.dtype);
            double norm = fp32[name].norm().item<float>();
            if (norm < 1e-6) continue;
            double relative = (g - fp32[name]).norm().item<float>() / norm;
            Assert.True(relative < 0.05, $"{name}: bf16 gradient off by {relative:P1} of its norm"); // measured: at most 1.4%
        }
        Assert.All(copy.Model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0, "the copy's gradients are cleared"));
    }

    [Fact]
    public void Bf16_fine_tuning_overfits_a_tiny_batch_deterministically_and_saves_fp32_weights()
    {
        var data = TestData.Articles(perClass: 2);
        var all = Enumerable.Range(0, data.Texts.Count).ToArray();
        var p = TinyBert.Parameters(BertRecipes.FineTune, _pretrained, ("epochs", "80"), ("learning_rate", "0.003"), ("batch_size", "8"),
            ("dropout", "0"), ("weight_decay", "0"), ("warmup_fraction", "0.1"), ("schedule", "constant"), ("precision", "bf16"));
        var logs = new TrainingRecorder();
        var result = BertTrainer.Train(data, all, all, p, TestData.TempDirectory(), logs);

        bool fast = Bf16Support.WhyNotFast(CPU) is null;
        Assert.Contains(logs.Logs, l => l.StartsWith(fast ? "Precision: bf16 forward and backward" : "Precision: bf16 was asked for, but", StringComparison.Ordinal));
        Assert.True(result.History[^1].TrainLoss < 0.3, $"final loss {result.History[^1].TrainLoss}");
        Assert.Equal(1.0, result.History[^1].Validation.Accuracy);
        using var saved = BertRunCheckpoint.Load(result.ModelDirectory);
        Assert.All(saved.Model.parameters(), t => Assert.Equal(ScalarType.Float32, t.dtype));

        var again = new TrainingRecorder();
        BertTrainer.Train(data, all, all, p with { Epochs = 4 }, TestData.TempDirectory(), again);
        var third = new TrainingRecorder();
        BertTrainer.Train(data, all, all, p with { Epochs = 4 }, TestData.TempDirectory(), third);
        Assert.Equal(again.Losses, third.Losses);
    }

    [Fact]
    public void Bf16_is_refused_for_a_frozen_body()
    {
        var (value, errors) = BertParameterSet.Parse(BertRecipes.Frozen, [new("precision", "bf16")], PretrainedCheck.None);
        Assert.Null(value);
        Assert.Equal(["precision: bf16 applies when the body trains (train_body=true); a frozen body's outputs are computed once in fp32."], errors);
    }

    [Theory]
    [InlineData("fpu vme de pse avx512f avx512_bf16 avx512_fp16", true)]
    [InlineData("fpu vme amx_bf16 amx_tile", true)]
    [InlineData("fpu vme avx2 avx512f avx512_vnni", false)]
    [InlineData("", false)]
    public void The_cpu_flags_decide_whether_bf16_is_fast(string flags, bool fast) => Assert.Equal(fast, Bf16Support.HasBf16("flags\t\t: " + flags));
}
