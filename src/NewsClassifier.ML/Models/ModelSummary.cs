using System.Globalization;
using System.Text;

namespace NewsClassifier.ML.Models;

/// <summary>One row of a summary; <paramref name="Trainable"/> is set when part of a model is frozen (the BERT recipes).</summary>
public sealed record LayerSummary(string Name, string Type, string OutputShape, long Parameters, long? Trainable = null);

/// <summary>Keras-style <c>model.summary()</c>: counted from the real module parameters, not from formulas.</summary>
public sealed record ModelSummary(IReadOnlyList<LayerSummary> Layers, long TotalParameters, long TrainableParameters)
{
    public static ModelSummary Of(CustomTransformerClassifier model)
    {
        var layers = model.KerasLayers()
            .Select(l => new LayerSummary(l.Name, l.Type, l.OutputShape, l.Module?.parameters().Sum(p => p.numel()) ?? 0))
            .ToList();
        var all = model.parameters().ToList();
        return new ModelSummary(layers, all.Sum(p => p.numel()), all.Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    /// <summary>
    /// A BERT classifier as rows of embeddings, each encoder layer, pooler and classifier (Hugging Face prefixes), each
    /// with its total and trainable parameters, so a frozen body shows 0 trainable rows and the head its hidden x labels + labels.
    /// </summary>
    public static ModelSummary Of(Bert.BertForSequenceClassification model)
    {
        var config = model.Config;
        var rows = new List<(string Prefix, string Name, string Type, string Shape)>
        {
            ("bert.embeddings.", "embeddings", "BertEmbeddings", $"(None, T, {config.HiddenSize})"),
        };
        for (int i = 0; i < config.NumHiddenLayers; i++)
            rows.Add(($"bert.encoder.layer.{i}.", $"encoder.layer.{i}", "BertLayer", $"(None, T, {config.HiddenSize})"));
        rows.Add(("bert.pooler.", "pooler", "BertPooler", $"(None, {config.HiddenSize})"));
        rows.Add(("classifier.", "classifier", "Dense", $"(None, {model.NumLabels})"));

        var parameters = model.named_parameters().ToList();
        var layers = rows.Select(r =>
        {
            var mine = parameters.Where(p => p.name.StartsWith(r.Prefix, StringComparison.Ordinal)).ToList();
            return new LayerSummary(r.Name, r.Type, r.Shape, mine.Sum(p => p.parameter.numel()), mine.Where(p => p.parameter.requires_grad).Sum(p => p.parameter.numel()));
        }).ToList();
        return new ModelSummary(layers, parameters.Sum(p => p.parameter.numel()), parameters.Where(p => p.parameter.requires_grad).Sum(p => p.parameter.numel()));
    }

    public long this[string layerName] => Layers.Single(l => l.Name == layerName).Parameters;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        bool trainableColumn = Layers.Any(l => l.Trainable is not null);
        int width = trainableColumn ? 96 : 82;
        sb.AppendLine($"{"Layer (type)",-50} {"Output Shape",-18} {"Param #",12}{(trainableColumn ? $" {"Trainable",13}" : "")}");
        sb.AppendLine(new string('=', width));
        foreach (var l in Layers)
            sb.AppendLine($"{$"{l.Name} ({l.Type})",-50} {l.OutputShape,-18} {l.Parameters.ToString("N0", c),12}" +
                          (trainableColumn ? $" {(l.Trainable ?? l.Parameters).ToString("N0", c),13}" : ""));
        sb.AppendLine(new string('=', width));
        sb.AppendLine($"Total params: {TotalParameters.ToString("N0", c)}");
        sb.AppendLine($"Trainable params: {TrainableParameters.ToString("N0", c)}");
        sb.Append($"Non-trainable params: {(TotalParameters - TrainableParameters).ToString("N0", c)}");
        return sb.ToString();
    }
}
