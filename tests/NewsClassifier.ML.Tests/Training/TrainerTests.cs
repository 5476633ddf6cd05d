using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Training;

public class TrainerTests
{
    public TrainerTests() => TestData.InitTorch();

    [Theory]
    [InlineData(Recipes.Custom)]
    [InlineData(Recipes.CustomLesson)]
    public void Overfits_one_tiny_batch(string recipe)
    {
        var data = TestData.Articles(perClass: 8);
        var all = Enumerable.Range(0, data.Texts.Count).ToArray();
        var hp = TestData.TinyHyperParameters(recipe, ("batch_size", "32"), ("epochs", "40"), ("dropout", "0"),
            ("learning_rate", "0.01"), ("lr_schedule", "constant"), ("warmup_fraction", "0"), ("label_smoothing", "0"), ("token_dropout", "0"));

        var result = Trainer.Train(data, all, all, hp, TestData.TempDirectory());

        Assert.True(result.History[^1].Validation.Accuracy >= 0.97, $"accuracy {result.History[^1].Validation.Accuracy}");
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss / 4);
    }

    [Fact]
    public void Same_seed_gives_identical_losses_and_another_seed_does_not()
    {
        var data = TestData.Articles(perClass: 10);
        double[] Run(int seed)
        {
            var recorder = new TrainingRecorder();
            Trainer.Train(data, TestData.TinyHyperParameters(Recipes.Custom, ("seed", seed.ToString())), TestData.TempDirectory(), recorder);
            return recorder.Steps.Select(s => s.Loss).ToArray();
        }
        var first = Run(3);
        Assert.Equal(first, Run(3));
        Assert.NotEqual(first, Run(4));
    }

    [Fact]
    public void Lsa_start_is_logged_seeded_and_differs_from_the_random_start()
    {
        var data = TestData.Articles(perClass: 10);
        (double[] Losses, List<string> Logs) Run(string init)
        {
            var recorder = new TrainingRecorder();
            Trainer.Train(data, TestData.TinyHyperParameters(Recipes.Custom, ("embedding_init", init), ("epochs", "1")), TestData.TempDirectory(), recorder);
            return (recorder.Steps.Select(s => s.Loss).ToArray(), recorder.Logs);
        }
        var lsa = Run("lsa");
        Assert.Contains(lsa.Logs, l => l.StartsWith("Word embeddings start from 8 LSA components"));
        Assert.Equal(lsa.Losses, Run("lsa").Losses);
        var random = Run("random");
        Assert.DoesNotContain(random.Logs, l => l.Contains("LSA"));
        Assert.NotEqual(lsa.Losses, random.Losses);
    }

    [Fact]
    public void Reports_steps_epochs_and_writes_a_checkpoint_every_epoch()
    {
        var data = TestData.Articles(perClass: 10);
        var dir = TestData.TempDirectory();
        var checkpointEpochs = new List<int>();
        var recorder = new TrainingRecorder();
        var observer = new CheckpointWatcher(dir, checkpointEpochs, recorder);
        var hp = TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "3"), ("validation_fraction", "0.25"));

        var result = Trainer.Train(data, hp, dir, observer);

        Assert.Equal([1, 2, 3], checkpointEpochs);
        Assert.Equal(3, recorder.Epochs.Count);
        int stepsPerEpoch = (int)Math.Ceiling(28 / 16.0); // 3 of each class's 10 go to validation (2.5 rounds up)
        Assert.Equal(3 * stepsPerEpoch, recorder.Steps.Count);
        Assert.All(recorder.Steps, s => Assert.Equal(3 * stepsPerEpoch, s.TotalSteps));
        var last = recorder.Epochs[^1];
        Assert.Equal(12, last.Validation.ConfusionMatrix.Sum(r => r.Sum()));
        Assert.Equal(4, last.Validation.PerClass.Count);
        Assert.Contains(recorder.Logs, l => l.StartsWith("epoch 3/3"));
        Assert.True(File.Exists(Path.Combine(result.ModelDirectory, ModelCheckpoint.WeightsFile)));
        Assert.Equal(3, ModelCheckpoint.ReadManifest(result.ModelDirectory).Epoch);
    }

    private sealed class CheckpointWatcher(string dir, List<int> epochs, TrainingRecorder inner) : ITrainingObserver
    {
        public void OnStep(StepProgress progress) => inner.OnStep(progress);
        public void OnLog(string message) => inner.OnLog(message);
        public void OnEpochEnd(EpochReport report)
        {
            inner.OnEpochEnd(report);
            epochs.Add(ModelCheckpoint.ReadManifest(Path.Combine(dir, RunFolders.LastEpoch)).Epoch);
        }
    }

    [Fact]
    public void Cancellation_between_steps_throws_operation_canceled()
    {
        var data = TestData.Articles(perClass: 10);
        using var cts = new CancellationTokenSource();
        var recorder = new TrainingRecorder { AfterStep = s => { if (s.GlobalStep == 2) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Trainer.Train(data, TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "5")), TestData.TempDirectory(), recorder, cts.Token));
        Assert.Equal(2, recorder.Steps.Count);
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch()
    {
        var data = TestData.Articles(perClass: 10);
        // A large constant learning rate with no regularisation overfits quickly, so validation loss turns up.
        var hp = TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "40"), ("early_stopping_patience", "2"),
            ("learning_rate", "0.05"), ("lr_schedule", "constant"), ("dropout", "0"), ("weight_decay", "0"), ("monitor", "val_loss"), ("label_smoothing", "0"));
        var dir = TestData.TempDirectory();
        var result = Trainer.Train(data, hp, dir);

        Assert.True(result.History.Count < 40, "training should stop early");
        var best = result.History.MinBy(e => e.ValidationLoss)!;
        Assert.Equal(best.Epoch, result.Best.Epoch);
        Assert.True(result.History[^1].Epoch > best.Epoch, "the best epoch is not the last, so its weights had to be restored");
        Assert.Equal(best.Epoch, ModelCheckpoint.ReadManifest(result.ModelDirectory).Epoch);
        Assert.Contains("early stopping", result.StopReason);

        // The saved weights are the best epoch's: model/ scores the best epoch's validation loss, last/ the final epoch's.
        var (_, validation) = StratifiedSplit.Split(data.Labels, hp.ValidationFraction, hp.Seed);
        double ValidationLoss(string folder)
        {
            using var saved = ModelCheckpoint.Load(folder);
            var ids = data.Texts.Select(t => saved.Vectorizer.EncodeUnpadded(t, hp.MaxLength)).ToArray();
            return Trainer.Evaluate(saved.Model, ids, ids.Select(a => a.Length).ToArray(), data.Labels, validation, data.LabelNames, hp, TorchSharp.torch.CPU).Loss;
        }
        Assert.Equal(best.ValidationLoss, ValidationLoss(result.ModelDirectory), 5);
        Assert.Equal(result.History[^1].ValidationLoss, ValidationLoss(Path.Combine(dir, RunFolders.LastEpoch)), 5);
        Assert.NotEqual(best.ValidationLoss, result.History[^1].ValidationLoss, 3);
    }

    [Fact]
    public void Stratified_split_is_seeded_and_keeps_class_shares()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 60 ? 0 : i < 90 ? 1 : 2).ToArray();
        var (train, val) = StratifiedSplit.Split(labels, 0.2, seed: 1);
        Assert.Equal(20, val.Length);
        Assert.Equal((12, 6, 2), (val.Count(i => labels[i] == 0), val.Count(i => labels[i] == 1), val.Count(i => labels[i] == 2)));
        Assert.Empty(train.Intersect(val));
        Assert.Equal(100, train.Length + val.Length);
        Assert.Equal(val, StratifiedSplit.Split(labels, 0.2, seed: 1).Validation);
        Assert.NotEqual(val, StratifiedSplit.Split(labels, 0.2, seed: 2).Validation);
    }
}
