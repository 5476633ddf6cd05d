namespace NewsClassifier.Application.Schedules;

/// <summary>A firing that cannot go on for a reason a person can act on; recorded as the firing's failure.</summary>
public sealed class ScheduleFiringException(string message) : Exception(message);
