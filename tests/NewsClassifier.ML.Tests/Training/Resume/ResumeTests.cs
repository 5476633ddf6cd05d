using NewsClassifier.ML.Tests.Training.Bert;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.ML.Training.CustomTransformer;
using NewsClassifier.ML.Training.Resume;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Training.Resume;

/// <summary>
/// A run stopped after epoch k and started again continues at k+1 and ends exactly where an uninterrupted run ends:
/// the same history and, on CPU with the same thread count, the same final weights (asserted to 1e-6; measured 0).
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private const double Tolerance = 1e-6;
    private readonly string _pretrained = TinyBert.CreateFolder();

    public ResumeTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_pretrained, recursive: true);

    private sealed class Recorder(int cancelAfterEpoch = 0, CancellationTokenSource? cts = null) : ITrainingObserver
    {
        public List<StepProgress> Steps { get; } = [];
        public List<EpochReport> Epochs { get; } = [];
        public List<string> Logs { get; } = [];
        public void OnStep(StepProgress progress) => Steps.Add(progress);
        public void OnLog(string message) => Logs.Add(message);
        public void OnEpochEnd(EpochReport report)
        {
            Epochs.Add(report);
            if (report.Epoch == cancelAfterEpoch) cts!.Cancel();
        }
    }

    /// <summary>Dropout, AdamW, warm-up then cosine, label smoothing, clipping and kept best weights: every piece of state a resume must restore.</summary>
    private static HyperParameters Custom(params (string, string)[] overrides) => TestData.TinyHyperParameters(Recipes.Custom,
        [("epochs", "6"), ("dropout", "0.2"), ("optimizer", "adamw"), ("lr_schedule", "cosine"), ("warmup_fraction", "0.1"),
         ("label_smoothing", "0.1"), ("gradient_clip", "1"), ("early_stopping_patience", "10"), .. overrides]);

    private static TrainingResult TrainCustom(TrainingData data, HyperParameters hp, string dir, ITrainingObserver observer, CancellationToken token = default) =>
        Trainer.Train(data, hp, dir, observer, token);

    /// <summary>Trains uninterrupted, then again in a new folder cancelled after <paramref name="stopAfter"/> and started a second time.</summary>
    private static (TrainingResult Full, Recorder FullLog, TrainingResult Resumed, Recorder ResumedLog, string FullDir, string ResumedDir) Compare(
        Func<string, ITrainingObserver, CancellationToken, TrainingResult> train, int stopAfter)
    {
        var fullDir = TestData.TempDirectory();
        var fullLog = new Recorder();
        var full = train(fullDir, fullLog, default);

        var dir = TestData.TempDirectory();
        using var cts = new CancellationTokenSource();
        var first = new Recorder(stopAfter, cts);
        Assert.ThrowsAny<OperationCanceledException>(() => train(dir, first, cts.Token));
        Assert.Equal(stopAfter, first.Epochs.Count);
        Assert.True(Directory.Exists(ResumeCheckpoint.CurrentDirectory(dir)));

        var second = new Recorder();
        var resumed = train(dir, second, default);
        Assert.Equal(first.Steps.Count, second.Steps[0].GlobalStep - 1);
        Assert.Equal(full.History.Count - stopAfter, second.Epochs.Count);
        // The steps after the checkpoint are the uninterrupted run's steps, loss for loss.
        Assert.Equal(fullLog.Steps.Skip(stopAfter * (fullLog.Steps.Count / full.History.Count)).Select(s => s.Loss), second.Steps.Select(s => s.Loss));
        return (full, fullLog, resumed, second, fullDir, dir);
    }

    private static void SameHistory(IReadOnlyList<EpochReport> expected, IReadOnlyList<EpochReport> actual)
    {
        Assert.Equal(expected.Select(e => e.Epoch), actual.Select(e => e.Epoch));
        Assert.Equal(expected.Select(e => (e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Validation.MacroF1, e.IsBest)),
            actual.Select(e => (e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Validation.MacroF1, e.IsBest)));
    }

    private static double MaxDifference(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(k => (a[k].to_type(ScalarType.Float64) - b[k].to_type(ScalarType.Float64)).abs().max().item<double>());
    }

    private static double CustomWeightsDifference(string a, string b)
    {
        using var x = ModelCheckpoint.Load(a);
        using var y = ModelCheckpoint.Load(b);
        return MaxDifference(x.Model.state_dict(), y.Model.state_dict());
    }

    private static double BertWeightsDifference(string a, string b)
    {
        using var x = SafeTensors.Read(Path.Combine(a, BertFolder.SafeTensorsFile));
        using var y = SafeTensors.Read(Path.Combine(b, BertFolder.SafeTensorsFile));
        return MaxDifference(x.Tensors, y.Tensors);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void A_custom_transformer_run_resumed_after_epoch_k_ends_with_the_uninterrupted_weights(int stopAfter)
    {
        var data = TestData.Articles(perClass: 10);
        var hp = Custom();
        var r = Compare((dir, observer, token) => TrainCustom(data, hp, dir, observer, token), stopAfter);

        Assert.Contains($"Resumed at epoch {stopAfter + 1} of 6 from the checkpoint of epoch {stopAfter}.", r.ResumedLog.Logs);
        SameHistory(r.Full.History, r.Resumed.History);
        Assert.Equal(r.Full.Best.Epoch, r.Resumed.Best.Epoch);
        Assert.Equal(r.Full.StopReason, r.Resumed.StopReason);
        Assert.InRange(CustomWeightsDifference(r.Full.ModelDirectory, r.Resumed.ModelDirectory), 0, Tolerance);
        Assert.InRange(CustomWeightsDifference(Path.Combine(r.FullDir, RunFolders.LastEpoch), Path.Combine(r.ResumedDir, RunFolders.LastEpoch)), 0, Tolerance);
    }

    [Fact]
    public void Early_stopping_and_best_weights_survive_a_resume()
    {
        // A high learning rate over-fits 20 articles fast, so patience 2 stops early and restores an earlier epoch
        // (from random embeddings: the LSA start learns these 20 articles too smoothly to stop within 12 epochs).
        var data = TestData.Articles(perClass: 5);
        var hp = Custom(("epochs", "12"), ("early_stopping_patience", "2"), ("learning_rate", "0.05"), ("label_smoothing", "0"), ("embedding_init", "random"));
        var full = TrainCustom(data, hp, TestData.TempDirectory(), new Recorder());
        Assert.StartsWith("early stopping", full.StopReason);
        int stopAfter = full.Best.Epoch + 1; // between the best epoch and the stop: the best weights come from best.safetensors
        var r = Compare((dir, observer, token) => TrainCustom(data, hp, dir, observer, token), stopAfter);

        SameHistory(r.Full.History, r.Resumed.History);
        Assert.Equal(r.Full.StopReason, r.Resumed.StopReason);
        Assert.Equal(r.Full.Best.Epoch, r.Resumed.Best.Epoch);
        Assert.InRange(CustomWeightsDifference(r.Full.ModelDirectory, r.Resumed.ModelDirectory), 0, Tolerance);
    }

    [Theory]
    [InlineData(BertRecipes.FineTune)]
    [InlineData(BertRecipes.Frozen)]
    public void A_bert_run_resumed_after_epoch_2_ends_with_the_uninterrupted_weights(string recipe)
    {
        var data = TestData.Articles(perClass: 6);
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.25, 1);
        // bert-finetune: AdamW with warm-up and linear decay over the whole body; bert-frozen: Adam on the head over precomputed features.
        var p = TinyBert.Parameters(recipe, _pretrained, ("epochs", "4"), ("batch_size", "4"), ("warmup_fraction", "0.2"));
        var r = Compare((dir, observer, token) => BertTrainer.Train(data, train, validation, p, dir, observer, token), stopAfter: 2);

        Assert.Contains("Resumed at epoch 3 of 4 from the checkpoint of epoch 2.", r.ResumedLog.Logs);
        SameHistory(r.Full.History, r.Resumed.History);
        Assert.InRange(BertWeightsDifference(r.Full.ModelDirectory, r.Resumed.ModelDirectory), 0, Tolerance);
    }

    [Fact]
    public void A_frozen_bert_checkpoint_holds_only_the_trainable_head()
    {
        var data = TestData.Articles(perClass: 6);
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.25, 1);
        var p = TinyBert.Parameters(BertRecipes.Frozen, _pretrained, ("epochs", "1"));
        var dir = TestData.TempDirectory();
        BertTrainer.Train(data, train, validation, p, dir);

        var names = SafeTensors.ReadIndex(Path.Combine(ResumeCheckpoint.CurrentDirectory(dir), ResumeCheckpoint.WeightsFile)).Select(t => t.Name).Order();
        Assert.Equal(["classifier.bias", "classifier.weight"], names);
    }

    /// <summary>Stops a custom run after epoch 2 of 4 and returns its folder.</summary>
    private static string Interrupted(TrainingData data, HyperParameters hp, int stopAfter = 2)
    {
        var dir = TestData.TempDirectory();
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TrainCustom(data, hp, dir, new Recorder(stopAfter, cts), cts.Token));
        return dir;
    }

    [Fact]
    public void A_leftover_temporary_folder_is_ignored_and_cleared()
    {
        var data = TestData.Articles(perClass: 6);
        var hp = Custom(("epochs", "4"));
        var dir = Interrupted(data, hp);
        // A crash while the next checkpoint was being written: a torn temporary folder beside the complete one.
        var temporary = ResumeCheckpoint.TemporaryDirectory(dir);
        Directory.CreateDirectory(temporary);
        File.WriteAllText(Path.Combine(temporary, ResumeCheckpoint.WeightsFile), "torn");

        var log = new Recorder();
        var result = TrainCustom(data, hp, dir, log);

        Assert.Contains("Resumed at epoch 3 of 4 from the checkpoint of epoch 2.", log.Logs);
        Assert.Equal([1, 2, 3, 4], result.History.Select(h => h.Epoch));
        Assert.False(Directory.Exists(temporary));
    }

    [Fact]
    public void A_crash_between_the_two_renames_resumes_from_the_previous_folder()
    {
        var data = TestData.Articles(perClass: 6);
        var hp = Custom(("epochs", "4"));
        var dir = Interrupted(data, hp);
        // Save renamed resume/ to resume.old/ and died before resume.tmp/ became resume/.
        Directory.Move(ResumeCheckpoint.CurrentDirectory(dir), ResumeCheckpoint.PreviousDirectory(dir));
        Directory.CreateDirectory(ResumeCheckpoint.TemporaryDirectory(dir));

        var log = new Recorder();
        var result = TrainCustom(data, hp, dir, log);

        Assert.Contains("Resumed at epoch 3 of 4 from the checkpoint of epoch 2.", log.Logs);
        Assert.Equal([1, 2, 3, 4], result.History.Select(h => h.Epoch));
        Assert.False(Directory.Exists(ResumeCheckpoint.PreviousDirectory(dir)));
        Assert.False(Directory.Exists(ResumeCheckpoint.TemporaryDirectory(dir)));
    }

    [Theory]
    [InlineData(ResumeCheckpoint.WeightsFile)]
    [InlineData(ResumeCheckpoint.OptimizerFile)]
    [InlineData(ResumeCheckpoint.StateFile)]
    public void A_truncated_checkpoint_trains_from_the_start_and_says_why(string file)
    {
        var data = TestData.Articles(perClass: 6);
        var hp = Custom(("epochs", "4"));
        var dir = Interrupted(data, hp);
        var path = Path.Combine(ResumeCheckpoint.CurrentDirectory(dir), file);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length / 2);

        var log = new Recorder();
        var result = TrainCustom(data, hp, dir, log);

        Assert.Contains(log.Logs, l => l.StartsWith("The resume checkpoint could not be used (resume/: ") && l.EndsWith("; training from the start."));
        Assert.DoesNotContain(log.Logs, l => l.StartsWith("Resumed"));
        Assert.Equal([1, 2, 3, 4], result.History.Select(h => h.Epoch));
        Assert.Equal(4, log.Epochs.Count);
        // From the start with the same seed: the uninterrupted result.
        var full = TrainCustom(data, hp, TestData.TempDirectory(), new Recorder());
        SameHistory(full.History, result.History);
    }

    [Fact]
    public void A_checkpoint_of_other_parameters_or_data_is_refused_by_name()
    {
        var data = TestData.Articles(perClass: 6);
        var dir = Interrupted(data, Custom(("epochs", "4")));

        var other = Assert.Throws<ResumeMismatchException>(() => TrainCustom(data, Custom(("epochs", "4"), ("learning_rate", "0.02")), dir, new Recorder()));
        Assert.Contains("does not belong to this run", other.Message);
        Assert.Contains("learning_rate=0.01, the run's is 0.02", other.Message);

        var otherData = Assert.Throws<ResumeMismatchException>(() => TrainCustom(TestData.Articles(perClass: 6, seed: 8), Custom(("epochs", "4")), dir, new Recorder()));
        Assert.Contains("data hash differs", otherData.Message);

        // Refused before anything was changed: the right run still resumes from it.
        var log = new Recorder();
        TrainCustom(data, Custom(("epochs", "4")), dir, log);
        Assert.Contains("Resumed at epoch 3 of 4 from the checkpoint of epoch 2.", log.Logs);
    }

    [Fact]
    public void A_checkpoint_keeps_one_last_and_one_best_whatever_the_epochs()
    {
        var data = TestData.Articles(perClass: 6);
        var dir = TestData.TempDirectory();
        TrainCustom(data, Custom(("epochs", "5")), dir, new Recorder());

        var resume = ResumeCheckpoint.CurrentDirectory(dir);
        var files = Directory.GetFiles(resume).Select(Path.GetFileName).Order().ToArray();
        Assert.Subset(new HashSet<string?>([ResumeCheckpoint.StateFile, ResumeCheckpoint.WeightsFile, ResumeCheckpoint.BestFile,
            ResumeCheckpoint.OptimizerFile, ResumeCheckpoint.GeneratorFile]), files.ToHashSet());
        Assert.Equal([RunFolders.LastEpoch, RunFolders.Model, RunFolders.Resume], Directory.GetDirectories(dir).Select(Path.GetFileName).Order());
        Assert.Equal(5, ResumeCheckpoint.Peek(dir)!.Epoch);
    }
}
