namespace NewsClassifier.Domain.Runs;

/// <summary>One point of a run's metric series (loss per step, accuracy per epoch, ...).</summary>
public sealed class RunMetric
{
    public long Id { get; set; }
    public int RunId { get; set; }
    /// <summary>e.g. "train_loss_step", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "val_macro_f1".</summary>
    public required string Name { get; set; }
    /// <summary>The x value: global step for per-step series, epoch (1-based) for per-epoch series.</summary>
    public int Step { get; set; }
    public double Value { get; set; }
}

/// <summary>Metric names shared by the job that writes them and the pages that draw them.</summary>
public static class RunMetricNames
{
    public const string StepLoss = "train_loss_step";
    public const string TrainLoss = "train_loss";
    public const string TrainAccuracy = "train_accuracy";
    public const string ValidationLoss = "val_loss";
    public const string ValidationAccuracy = "val_accuracy";
    public const string ValidationMacroF1 = "val_macro_f1";
}
