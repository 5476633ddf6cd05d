namespace NewsClassifier.Application.Pretrained;

/// <summary>Progress of a hub download: the file being fetched and the bytes of all files so far.</summary>
public sealed record HubProgress(string File, long BytesDone, long BytesTotal);
