namespace NewsClassifier.Application.Imports;

/// <summary>Rules for one download, on top of the Outbound rules every download obeys.</summary>
public sealed record DownloadRules
{
    /// <summary>Sent as <c>Authorization: Bearer</c>, and only to the first host (not to a CDN it redirects to).</summary>
    public string? BearerToken { get; init; }

    /// <summary>Refused before streaming when the server announces more, and stopped while streaming past it.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>The configuration key that sets <see cref="MaxBytes"/>, named in the refusal.</summary>
    public string? LimitSetting { get; init; }

    /// <summary>When a response carries an <c>X-Linked-ETag</c> or <c>ETag</c> that is a SHA-256 (Hugging Face LFS files),
    /// the finished file's SHA-256 must equal it.</summary>
    public bool VerifySha256ETag { get; init; }
}
