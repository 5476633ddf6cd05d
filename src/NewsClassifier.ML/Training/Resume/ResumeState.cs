namespace NewsClassifier.ML.Training.Resume;

/// <summary>A resume checkpoint's <c>state.json</c>: its format, whom it belongs to, the loop's state and each tensor file's length and SHA-256.</summary>
public sealed record ResumeState(string Format, ResumeIdentity Identity, LoopState Loop, IReadOnlyDictionary<string, ResumeFile> Files)
{
    public const string CurrentFormat = "newsclassifier-resume-v1";
}

/// <summary>A file of a resume checkpoint as written: a truncated or altered one no longer matches.</summary>
public sealed record ResumeFile(long Length, string Sha256);
