using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.Application.Tests.Training;

/// <summary>
/// A BERT recipe through the application host: queued, trained by the Hangfire training job on a tiny pretrained folder the test
/// writes, tracked, and classifying (with attention over WordPiece tokens) through the model cache.
/// </summary>
public class BertRunTests(NewsHost app) : IClassFixture<NewsHost>, IAsyncLifetime
{
    private static readonly string[][] Topics =
    [
        ["president", "election", "minister", "war", "treaty"],
        ["match", "goal", "coach", "league", "season"],
        ["shares", "profit", "market", "bank", "earnings"],
        ["software", "internet", "chip", "space", "research"],
    ];

    private static readonly string[] Filler = ["the", "a", "on", "in", "new", "said", "today", "after", "report", "big"];

    private int _datasetId;
    private string _pretrained = "";

    public async Task InitializeAsync()
    {
        _pretrained = Path.Combine(app.DataDirectory, "tiny-bert");
        string[] vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", .. Topics.SelectMany(t => t), .. Filler];
        var config = new BertConfig
        {
            VocabSize = vocabulary.Length, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 64,
        };
        NewsClassifier.ML.Runtime.TorchRuntime.Initialize(new NewsClassifier.ML.Runtime.TorchOptions { Device = "cpu" });
        if (!Directory.Exists(_pretrained))
            using (var body = new BertModel(config, seed: 1)) BertFolder.Create(_pretrained, body, vocabulary);

        // Each test gets a new instance but shares the app: import once.
        using (var lookup = app.Services.CreateScope())
        {
            var existing = await lookup.ServiceProvider.GetRequiredService<NewsClassifier.Application.Datasets.DatasetCatalog>().FindByNameAsync("bert-tiny", CancellationToken.None);
            if (existing is not null)
            {
                _datasetId = existing.Id;
                return;
            }
        }

        var random = new Random(5);
        var rows = new List<string> { "label,title,description" };
        for (int i = 0; i < 40; i++)
            for (int c = 0; c < 4; c++)
            {
                string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? Topics[c][random.Next(5)] : Filler[random.Next(Filler.Length)]));
                rows.Add($"{c + 1},{Topics[c][random.Next(5)]} {Words(3)},{Words(random.Next(4, 12))}.");
            }
        var path = Path.Combine(app.DataDirectory, "bert-tiny.csv");
        await File.WriteAllLinesAsync(path, rows);
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(path, "bert-tiny", new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        _datasetId = result.DatasetId!.Value;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_bert_finetune_run_trains_as_a_job_and_classifies_with_wordpiece_attention()
    {
        var parameters = new Dictionary<string, string>
        {
            ["pretrained"] = _pretrained, ["epochs"] = "1", ["max_length"] = "32", ["batch_size"] = "8", ["gradient_accumulation"] = "2",
        };
        int id;
        using (var submit = app.Services.CreateScope())
            id = await submit.ServiceProvider.GetRequiredService<RunLauncher>()
                .SubmitAsync(new TrainingRequest(_datasetId, "bert-finetune", parameters) { AllowPretrainedFolder = true }, CancellationToken.None); // a folder, as the CLI may

        var run = await SampleData.WaitForRunAsync(app, id, seconds: 180);

        Assert.True(run.State == RunState.Succeeded, run.Error);
        Assert.Equal(1, run.Epoch);
        Assert.Equal(160, run.TrainArticles + run.ValidationArticles);
        Assert.Equal("cpu", run.Device);
        Assert.Contains("TorchSharp", run.LibraryVersions);
        Assert.Equal((int)Math.Ceiling(Math.Ceiling(run.TrainArticles / 8.0) / 2), run.TotalSteps); // optimizer steps of 8 x 2 articles
        Assert.Equal(BertRunCheckpoint.CurrentFormat, NewsClassifier.ML.Training.RecipeCatalog.ModelFormat(run.ArtifactPath!));

        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal(run.TotalSteps, details!.Metrics.Count(m => m.Name == RunMetricNames.StepLoss));
        Assert.Single(details.Metrics, m => m.Name == RunMetricNames.ValidationAccuracy);
        Assert.Equal(["embeddings", "encoder.layer.0", "encoder.layer.1", "pooler", "classifier"], details.Summary!.Select(l => l.Name));
        Assert.Equal(run.TotalParameters, details.Summary!.Sum(l => l.Parameters));
        Assert.Equal(run.ValidationArticles, details.Evaluation!.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(_pretrained, details.Parameters["pretrained"]);

        var answer = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ClassifyAsync(null, id, "League match", "The coach said the season goal was big.", CancellationToken.None);
        Assert.Equal(1.0, answer.Prediction.Probabilities.Sum(), 3);

        var explained = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ExplainAsync(null, id, "League match", "The coach said the season goal was big.", CancellationToken.None);
        var attention = explained.Attention!;
        Assert.Equal(AttentionTokenKind.WordPieces, attention.Kind);
        Assert.Equal("[CLS]", attention.Tokens[0]);
        Assert.Equal("[SEP]", attention.Tokens[^1]);
        Assert.Equal(2, attention.Heads.Length);
        Assert.Equal(4, attention.Heads[0].Length);
        Assert.Equal(attention.Tokens.Count, attention.TokenImportance().Length);
        Assert.Equal(answer.Prediction.PredictedLabel, explained.Prediction.PredictedLabel);
        // The words that drove the answer: one integrated-gradients score per WordPiece, for the predicted class.
        var attributions = explained.Attributions!;
        Assert.Equal(attention.Tokens, attributions.Tokens);
        Assert.Equal(explained.Prediction.PredictedIndex, attributions.TargetIndex);
        Assert.All(attributions.Scores, s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public async Task A_bert_run_without_a_usable_pretrained_folder_is_refused()
    {
        using var scope = app.Services.CreateScope();
        var nowhere = Path.Combine(app.DataDirectory, "nowhere");
        var refused = await Assert.ThrowsAsync<TrainingRequestException>(() => scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(
            new TrainingRequest(_datasetId, "bert-frozen", new Dictionary<string, string> { ["pretrained"] = nowhere, ["max_length"] = "32" }), CancellationToken.None));
        Assert.Contains(refused.Errors, e => e.Contains("pretrained"));
    }

}
