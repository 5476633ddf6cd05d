using System.Collections.Concurrent;
using System.Globalization;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Resources;

/// <summary>
/// The memory budgets of <see cref="ResourceOptions"/>, and the one refusal text for a model above them. Every place that
/// builds a model from user input sizes it first (<see cref="IRecipeFamily.Estimate"/>, <see cref="IRecipeFamily.EstimateFolder"/>)
/// and asks here: training requests, the trainer, the CLI's summary, pretrained and archive imports, classification loads.
/// </summary>
public sealed class ResourceBudget(IOptions<ResourceOptions> options)
{
    public const string TrainingSetting = ResourceOptions.SectionName + ":" + nameof(ResourceOptions.MaxTrainingBytes);
    public const string ModelSetting = ResourceOptions.SectionName + ":" + nameof(ResourceOptions.MaxModelBytes);

    /// <summary>What the GC reports the process may use: the machine's memory, or a container's limit.</summary>
    public static long AvailableMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public long TrainingBytes => options.Value.MaxTrainingBytes > 0 ? options.Value.MaxTrainingBytes : AvailableMemoryBytes / 2;

    public long ModelBytes => options.Value.MaxModelBytes > 0 ? options.Value.MaxModelBytes : AvailableMemoryBytes / 4;

    /// <summary>Null when training fits, else the refusal.</summary>
    public string? RefuseTraining(ResourceEstimate estimate) =>
        estimate.TrainingBytes <= TrainingBytes ? null
            : $"This model needs about {Bytes(estimate.TrainingBytes)} to train ({Parameters(estimate.Parameters)} at {estimate.TrainingWorkload}); " +
              $"the budget is {Bytes(TrainingBytes)} ({TrainingSetting}).";

    /// <summary>Null when the loaded model fits, else the refusal.</summary>
    public string? RefuseModel(ResourceEstimate estimate) => RefuseModel(estimate.InferenceBytes, estimate.Parameters, estimate.InferenceWorkload, "load");

    /// <summary>Null when <paramref name="bytes"/> for <paramref name="parameters"/> fit the model budget, else the refusal.</summary>
    public string? RefuseModel(long bytes, long parameters, string workload, string verb) =>
        bytes <= ModelBytes ? null
            : $"This model needs about {Bytes(bytes)} to {verb} ({Parameters(parameters)}{(workload.Length > 0 ? $" at {workload}" : "")}); " +
              $"the budget is {Bytes(ModelBytes)} ({ModelSetting}).";

    public void EnsureTraining(ResourceEstimate estimate)
    {
        if (RefuseTraining(estimate) is { } refusal) throw new ResourceBudgetException(refusal);
    }

    public void EnsureModel(ResourceEstimate estimate)
    {
        if (RefuseModel(estimate) is { } refusal) throw new ResourceBudgetException(refusal);
    }

    /// <summary>
    /// A saved model folder, sized from its config.json before it is loaded. Remembered per folder (a model folder does not
    /// change once written, and options are read once), so classification pays for the config.json only on a folder's first use.
    /// </summary>
    public void EnsureLoadable(string modelDirectory)
    {
        var refusal = _loadRefusals.GetOrAdd(Path.GetFullPath(modelDirectory), folder => RefuseModel(RecipeCatalog.EstimateFolder(folder)) ?? "");
        if (refusal.Length > 0) throw new ResourceBudgetException(refusal);
    }

    private readonly ConcurrentDictionary<string, string> _loadRefusals = new(StringComparer.Ordinal);

    /// <summary>"41.3 GB", "512 MB": binary units, one decimal.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} bytes" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>"1.21 billion parameters", "4.8 million parameters", "659,592 parameters".</summary>
    public static string Parameters(long count) => count switch
    {
        >= 1_000_000_000 => (count / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " billion parameters",
        >= 10_000_000 => (count / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " million parameters",
        _ => count.ToString("N0", CultureInfo.InvariantCulture) + " parameters",
    };
}
