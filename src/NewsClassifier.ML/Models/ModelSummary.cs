using System.Globalization;
using System.Text;

namespace NewsClassifier.ML.Models;

public sealed record LayerSummary(string Name, string Type, string OutputShape, long Parameters);

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

    public long this[string layerName] => Layers.Single(l => l.Name == layerName).Parameters;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"{"Layer (type)",-50} {"Output Shape",-18} {"Param #",12}");
        sb.AppendLine(new string('=', 82));
        foreach (var l in Layers)
            sb.AppendLine($"{$"{l.Name} ({l.Type})",-50} {l.OutputShape,-18} {l.Parameters.ToString("N0", c),12}");
        sb.AppendLine(new string('=', 82));
        sb.AppendLine($"Total params: {TotalParameters.ToString("N0", c)}");
        sb.AppendLine($"Trainable params: {TrainableParameters.ToString("N0", c)}");
        sb.Append($"Non-trainable params: {(TotalParameters - TrainableParameters).ToString("N0", c)}");
        return sb.ToString();
    }
}
