namespace NewsClassifier.Application.Pretrained;

/// <summary>A checkpoint import that cannot go on, with a message for the user (the file or URL at fault, and what to do).</summary>
public sealed class PretrainedException(string message, Exception? inner = null) : Exception(message, inner);
