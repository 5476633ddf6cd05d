namespace NewsClassifier.Application.Registry;

public sealed record ModelCardFile(string Name, long Bytes, string Sha256);
