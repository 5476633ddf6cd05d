namespace NewsClassifier.Domain.Imports;

public enum ImportState { Queued, Running, Succeeded, Failed, Cancelled }
