using NewsClassifier.Application.Resources;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Web.Components.Pages.Experiments;

internal static class RunFormat
{
    /// <summary>What the pages call a run: the name it was given at queue time, else "run N".</summary>
    public static string Name(int id, string? name) => string.IsNullOrWhiteSpace(name) ? $"run {id}" : name;

    /// <summary><see cref="Name"/> at the start of a heading or a column ("Run N" when unnamed).</summary>
    public static string Title(int id, string? name) => string.IsNullOrWhiteSpace(name) ? $"Run {id}" : name;

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
