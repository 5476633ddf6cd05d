using NewsClassifier.Application.Resources;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Web.Components.Pages.Experiments;

internal static class RunFormat
{
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours} h {d.Minutes} min",
        { TotalMinutes: >= 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d => $"{d.Value.TotalSeconds:0.0} s",
    };

    /// <summary>"Checkpoints: 12.3 MB (last epoch 5, best epoch 4)": what resuming costs on disk (a bert-base one is over 1 GB).</summary>
    public static string Checkpoints(CheckpointUsage usage) =>
        $"Checkpoints: {ResourceBudget.Bytes(usage.Bytes)}" +
        (usage.LastEpoch is { } last ? $" (last epoch {last}{(usage.BestEpoch is { } best ? $", best epoch {best}" : "")})" : "");
}
