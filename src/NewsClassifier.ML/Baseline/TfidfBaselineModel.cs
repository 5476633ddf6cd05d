using Microsoft.ML;
using Microsoft.ML.Data;

namespace NewsClassifier.ML.Baseline;

/// <summary>A baseline model folder: <c>model.zip</c> (ML.NET featurizer + linear model) and <c>config.json</c> (manifest).</summary>
public static class TfidfBaselineModel
{
    public const string ModelFile = "model.zip";
    public const string ConfigFile = RunManifest.ConfigFile;

    public static void Save(string directory, MLContext ml, ITransformer model, DataViewSchema inputSchema, BaselineManifest manifest)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, ModelFile), tmp => ml.Model.Save(model, inputSchema, tmp));
        AtomicFile.WriteText(Path.Combine(directory, ConfigFile), RunManifest.ToJson(manifest));
    }

    public static BaselineManifest ReadManifest(string directory) => RunManifest.Read<BaselineManifest>(directory, BaselineManifest.CurrentFormat);

    /// <summary>Training rows with the label typed as a key of <paramref name="classes"/> values, so the model has one score per class
    /// in label order even when a class is missing from the training set.</summary>
    public static IDataView Rows(MLContext ml, IEnumerable<BaselineArticle> rows, int classes)
    {
        var schema = SchemaDefinition.Create(typeof(BaselineArticle));
        schema[nameof(BaselineArticle.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
