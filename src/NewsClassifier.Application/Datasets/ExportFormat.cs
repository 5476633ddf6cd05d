namespace NewsClassifier.Application.Datasets;

public enum ExportFormat { Csv, Jsonl }
