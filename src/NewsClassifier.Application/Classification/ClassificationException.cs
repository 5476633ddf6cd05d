namespace NewsClassifier.Application.Classification;

/// <summary>A request that cannot be served as asked (no model yet, empty text, unknown run).</summary>
public class ClassificationException(string message) : Exception(message);
