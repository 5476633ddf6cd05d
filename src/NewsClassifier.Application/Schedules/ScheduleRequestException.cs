namespace NewsClassifier.Application.Schedules;

/// <summary>A schedule request refused before anything was saved; <see cref="Errors"/> names every reason.</summary>
public sealed class ScheduleRequestException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
