namespace NewsClassifier.Application.Datasets;

public enum ArticleSort { SourceRow, Title, Label }
