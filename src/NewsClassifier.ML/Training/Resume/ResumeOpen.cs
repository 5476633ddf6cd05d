namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// What <see cref="ResumeCheckpoint.Open"/> found: a verified checkpoint (<see cref="Directory"/>, <see cref="State"/>), or
/// none; <see cref="Problem"/> says why an existing one cannot be used.
/// </summary>
public sealed record ResumeOpen(string? Directory, ResumeState? State, string? Problem);
