namespace NewsClassifier.Application.Imports;

public sealed record DownloadProgress(long BytesDone, long? BytesTotal);
