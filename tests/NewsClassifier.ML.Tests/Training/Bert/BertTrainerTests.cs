using System.Text.Json;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Tests.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Training.Bert;

public sealed class BertTrainerTests : IDisposable
{
    private readonly string _pretrained = TinyBert.CreateFolder();

    public BertTrainerTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_pretrained, recursive: true);

    private static (TrainingData Data, int[] Train, int[] Validation) Split(int perClass)
    {
        var data = TestData.Articles(perClass);
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.25, 1);
        return (data, train.ToArray(), validation.ToArray());
    }

    [Fact]
    public void A_frozen_run_changes_only_the_classifier()
    {
        var (data, train, validation) = Split(perClass: 6);
        var p = TinyBert.Parameters(BertRecipes.Frozen, _pretrained, ("epochs", "3"), ("learning_rate", "0.01"));
        var result = BertTrainer.Train(data, train, validation, p, TestData.TempDirectory());

        var folder = BertFolder.Open(_pretrained);
        using var body = folder.LoadModel();
        var (initial, _) = folder.LoadForSequenceClassification(4, p.Dropout, p.Seed);
        using var _1 = initial;
        using var trained = BertRunCheckpoint.Load(result.ModelDirectory);
        var after = trained.Model.state_dict();
        foreach (var (name, tensor) in body.state_dict())
            Assert.True(tensor.equal(after["bert." + name]).all().item<bool>(), $"{name} changed in a frozen run");
        var before = initial.state_dict();
        Assert.False(before["classifier.weight"].equal(after["classifier.weight"]).all().item<bool>(), "the classifier trained");

        Assert.Equal(BertFolderTests.TinyConfig.ClassifierParameterCount(4), result.Summary.TrainableParameters);
        Assert.Equal(BertFolderTests.TinyConfig.BodyParameterCount() + 4 * 32 + 4, result.Summary.TotalParameters);
        Assert.All(result.Summary.Layers.Where(l => l.Name != "classifier"), l => Assert.Equal(0, l.Trainable));
    }

    [Fact]
    public void Precomputed_pooled_outputs_train_exactly_like_running_the_frozen_body()
    {
        var (data, train, validation) = Split(perClass: 6);
        foreach (var padding in new[] { "max_length", "longest" })
        {
            var p = TinyBert.Parameters(BertRecipes.Frozen, _pretrained, ("epochs", "2"), ("learning_rate", "0.01"), ("padding", padding));
            var fast = new TrainingRecorder();
            var slow = new TrainingRecorder();
            var a = BertTrainer.Train(data, train, validation, p, TestData.TempDirectory(), fast, precomputeFrozenFeatures: true);
            var b = BertTrainer.Train(data, train, validation, p, TestData.TempDirectory(), slow, precomputeFrozenFeatures: false);

            Assert.Equal(slow.Steps.Count, fast.Steps.Count);
            for (int i = 0; i < slow.Steps.Count; i++) Assert.Equal(slow.Steps[i].Loss, fast.Steps[i].Loss, 4);
            Assert.Equal(b.Best.ValidationLoss, a.Best.ValidationLoss, 4);
            using var x = BertRunCheckpoint.Load(a.ModelDirectory);
            using var y = BertRunCheckpoint.Load(b.ModelDirectory);
            var diff = (x.Model.state_dict()["classifier.weight"] - y.Model.state_dict()["classifier.weight"]).abs().max().item<float>();
            Assert.True(diff < 1e-4, $"classifier weights differ by {diff} ({padding})");
        }
    }

    [Fact]
    public void Finetuning_overfits_a_tiny_batch_and_is_deterministic_with_a_seed()
    {
        // One batch of 8 articles; BERT's small initial weights (std 0.02) make the first ~10 steps flat, then it fits.
        var data = TestData.Articles(perClass: 2);
        var all = Enumerable.Range(0, data.Texts.Count).ToArray();
        var p = TinyBert.Parameters(BertRecipes.FineTune, _pretrained, ("epochs", "80"), ("learning_rate", "0.003"), ("batch_size", "8"),
            ("dropout", "0"), ("weight_decay", "0"), ("warmup_fraction", "0.1"), ("schedule", "constant"), ("precision", "fp32"));
        double[] Run(BertParameters parameters, out TrainingResult result)
        {
            var recorder = new TrainingRecorder();
            result = BertTrainer.Train(data, all, all, parameters, TestData.TempDirectory(), recorder);
            return recorder.Steps.Select(s => s.Loss).ToArray();
        }

        Run(p, out var result);
        Assert.True(result.History[^1].TrainLoss < 0.3,
            $"final loss {result.History[^1].TrainLoss}: {string.Join(", ", result.History.Select(h => h.TrainLoss.ToString("F3")))}");
        Assert.Equal(1.0, result.History[^1].Validation.Accuracy);
        Assert.Equal(result.Summary.TotalParameters, result.Summary.TrainableParameters);

        var shortRun = p with { Epochs = 4 };
        var first = Run(shortRun, out _);
        Assert.Equal(first, Run(shortRun, out _));
        Assert.NotEqual(first, Run(shortRun with { Seed = 5 }, out _));
    }

    [Fact]
    public void Two_accumulated_batches_of_four_give_the_gradients_of_one_batch_of_eight()
    {
        var data = TestData.Articles(perClass: 2);
        var folder = BertFolder.Open(_pretrained);
        var tokenizer = folder.CreateTokenizer();
        var ids = data.Texts.Select(t => BertInputs.Encode(tokenizer, t, 32).Ids).ToArray();
        var (model, _) = folder.LoadForSequenceClassification(4, classifierDropout: 0, seed: 3);
        using var _1 = model;
        model.eval(); // no dropout anywhere: both ways see the same function
        Tensor Forward(int[] batch)
        {
            var (x, mask) = BertInputs.Batch(ids, batch, batch.Max(i => ids[i].Length), tokenizer.PadId, CPU);
            return model.forward(x, mask);
        }
        Dictionary<string, Tensor> Gradients(IReadOnlyList<int[]> microBatches)
        {
            foreach (var parameter in model.parameters()) parameter.grad?.zero_();
            BertTrainer.AccumulateGradients(Forward, data.Labels, microBatches, CPU);
            return model.named_parameters().ToDictionary(n => n.name, n => n.parameter.grad!.clone());
        }

        var whole = Gradients([[0, 1, 2, 3, 4, 5, 6, 7]]);
        var accumulated = Gradients([[0, 1, 2, 3], [4, 5, 6, 7]]);
        foreach (var (name, g) in whole)
        {
            var diff = (g - accumulated[name]).abs().max().item<float>();
            var scale = g.abs().max().item<float>();
            Assert.True(diff <= 1e-5 + 1e-4 * scale, $"{name}: {diff} (scale {scale})");
        }
        Assert.True(whole["classifier.weight"].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Passes_cut_by_a_token_budget_give_the_gradients_of_the_whole_batch()
    {
        var data = TestData.Articles(perClass: 2);
        var folder = BertFolder.Open(_pretrained);
        var tokenizer = folder.CreateTokenizer();
        var ids = data.Texts.Select(t => BertInputs.Encode(tokenizer, t, 32).Ids).ToArray();
        var lengths = ids.Select(i => i.Length).ToArray();
        var (model, _) = folder.LoadForSequenceClassification(4, classifierDropout: 0, seed: 3);
        using var _1 = model;
        model.eval();
        Tensor Forward(int[] batch)
        {
            var (x, mask) = BertInputs.Batch(ids, batch, BertInputs.PaddedLength(batch.Max(i => lengths[i]), 32), tokenizer.PadId, CPU);
            return model.forward(x, mask);
        }
        (Dictionary<string, Tensor> Gradients, double Loss) Run(IReadOnlyList<int[]> passes)
        {
            foreach (var parameter in model.parameters()) parameter.grad?.zero_();
            var (loss, _, count) = BertTrainer.AccumulateGradients(Forward, data.Labels, passes, CPU);
            Assert.Equal(8, count);
            return (model.named_parameters().ToDictionary(n => n.name, n => n.parameter.grad!.clone()), loss);
        }

        int[] all = [0, 1, 2, 3, 4, 5, 6, 7];
        var passes = LengthBatcher.ByTokens(all, lengths, maxTokens: 64, t => BertInputs.PaddedLength(t, 32));
        Assert.True(passes.Count > 1, "the budget splits the batch");
        Assert.Equal(all, passes.SelectMany(p => p).Order());
        var (whole, wholeLoss) = Run([all]);
        var (split, splitLoss) = Run(passes);
        Assert.Equal(wholeLoss, splitLoss, 5);
        foreach (var (name, g) in whole)
        {
            var diff = (g - split[name]).abs().max().item<float>();
            Assert.True(diff <= 1e-5 + 1e-4 * g.abs().max().item<float>(), $"{name}: {diff}");
        }
    }

    [Fact]
    public void Steps_per_epoch_validation_steps_accumulation_and_checkpoints()
    {
        var (data, train, validation) = Split(perClass: 10); // 30 training, 10 validation articles
        var dir = TestData.TempDirectory();
        var recorder = new TrainingRecorder();
        var p = TinyBert.Parameters(BertRecipes.SequenceClassification, _pretrained, ("epochs", "2"), ("batch_size", "4"),
            ("gradient_accumulation", "2"), ("steps_per_epoch", "3"), ("validation_steps", "1"));
        var result = BertTrainer.Train(data, train, validation, p, dir, recorder);

        Assert.Equal(6, recorder.Steps.Count);                     // 3 optimizer steps x 2 epochs
        Assert.All(recorder.Steps, s => Assert.Equal(6, s.TotalSteps));
        Assert.Equal(4, result.History[0].Validation.ConfusionMatrix.Sum(row => row.Sum())); // 1 validation batch of 4
        Assert.True(Directory.Exists(Path.Combine(dir, "last")));
        Assert.Equal(result.ModelDirectory, Path.Combine(dir, "model"));
        Assert.Contains(recorder.Logs, l => l.Contains("3 optimizer steps per epoch of 4 x 2 articles"));
    }

    [Fact]
    public void Cancellation_stops_between_steps_without_a_final_model()
    {
        var (data, train, validation) = Split(perClass: 10);
        var dir = TestData.TempDirectory();
        using var cts = new CancellationTokenSource();
        var recorder = new TrainingRecorder { AfterStep = s => { if (s.GlobalStep == 2) cts.Cancel(); } };
        var p = TinyBert.Parameters(BertRecipes.FineTune, _pretrained, ("epochs", "50"), ("batch_size", "4"));

        Assert.ThrowsAny<OperationCanceledException>(() => BertTrainer.Train(data, train, validation, p, dir, recorder, cts.Token));
        Assert.Equal(2, recorder.Steps.Count);
        Assert.False(Directory.Exists(Path.Combine(dir, "model")));
    }

    [Fact]
    public void Saved_folder_is_a_hugging_face_classifier_that_loads_back_with_identical_predictions()
    {
        var folder = BertFolder.Open(_pretrained);
        var (model, _) = folder.LoadForSequenceClassification(4, seed: 9);
        using var _1 = model;
        var dir = TestData.TempDirectory();
        BertRunCheckpoint.Save(dir, model, folder, new BertRunManifest
        {
            Recipe = BertRecipes.FineTune, HyperParameters = new Dictionary<string, string> { ["max_length"] = "32" },
            LabelNames = TestData.LabelNames, MaxLength = 32, Epoch = 1,
        });

        var configJson = File.ReadAllText(Path.Combine(dir, "config.json"));
        Assert.Equal(folder.Config, BertConfig.Parse(configJson));
        using (var json = JsonDocument.Parse(configJson))
        {
            var root = json.RootElement;
            Assert.Equal("BertForSequenceClassification", root.GetProperty("architectures")[0].GetString());
            Assert.Equal("Sci/Tech", root.GetProperty("id2label").GetProperty("3").GetString());
            Assert.Equal(1, root.GetProperty("label2id").GetProperty("Sports").GetInt32());
            Assert.Equal("newsclassifier-bert/v1", root.GetProperty("format").GetString());
            Assert.Equal("bert-finetune", root.GetProperty("recipe").GetString());
        }
        Assert.True(File.Exists(Path.Combine(dir, "vocab.txt")));
        Assert.True(File.Exists(Path.Combine(dir, "tokenizer_config.json")));
        Assert.Equal(BertRunCheckpoint.CurrentFormat, RecipeCatalog.ModelFormat(dir));

        var texts = TestData.Articles(perClass: 2).Texts;
        using var predictor = RecipeCatalog.Load(dir);
        Assert.Equal(BertRecipes.FineTune, predictor.Recipe);
        var predictions = predictor.PredictBatch(texts);
        model.eval();
        var tokenizer = folder.CreateTokenizer();
        using var noGrad = no_grad();
        for (int i = 0; i < texts.Count; i++)
        {
            var (ids, _) = BertInputs.Encode(tokenizer, texts[i], 32);
            var (x, mask) = BertInputs.Batch([ids], [0], ids.Length, tokenizer.PadId, CPU);
            var expected = model.forward(x, mask).softmax(-1).data<float>().ToArray();
            for (int k = 0; k < 4; k++) Assert.Equal(expected[k], predictions[i].Probabilities[k], 5);
        }
    }

    [Fact]
    public void Bert_base_with_a_frozen_body_has_3076_trainable_of_109485316_parameters()
    {
        using var model = new BertForSequenceClassification(BertConfig.Base, 4);
        model.Bert.SetTrainable(false);
        var summary = ModelSummary.Of(model);
        Assert.Equal(3_076, summary.TrainableParameters);
        Assert.Equal(109_485_316, summary.TotalParameters);
        Assert.Equal(12 + 3, summary.Layers.Count);
        Assert.Equal(3_076, summary["classifier"]);
        Assert.Equal(BertConfig.Base.BodyParameterCount(), summary.Layers.Where(l => l.Name != "classifier").Sum(l => l.Parameters));
        Assert.Contains("Trainable", summary.ToString());
    }
}
