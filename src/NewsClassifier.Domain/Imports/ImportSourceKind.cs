namespace NewsClassifier.Domain.Imports;

public enum ImportSourceKind { Upload, ServerPath, Url }
