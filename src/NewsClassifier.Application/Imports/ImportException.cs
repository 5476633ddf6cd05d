namespace NewsClassifier.Application.Imports;

/// <summary>A file that cannot be imported as a whole (missing, empty, unknown column, ...), with a message meant for the user.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);
