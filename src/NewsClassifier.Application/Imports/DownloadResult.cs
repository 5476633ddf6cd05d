namespace NewsClassifier.Application.Imports;

/// <summary>A finished download: its size, and the SHA-256 it was checked against (null when none was announced).</summary>
public sealed record DownloadResult(long Bytes, string? VerifiedSha256);
