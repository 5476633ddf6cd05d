namespace NewsClassifier.Application.Datasets;

internal sealed record ExportedArticle(string? Label, string Title, string Text);
