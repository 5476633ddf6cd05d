namespace NewsClassifier.Domain.Datasets;

/// <summary>A named collection of news articles with its own label set.</summary>
public sealed class Dataset
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Where the articles came from (file name, path or URL), for the record.</summary>
    public string Source { get; set; } = "";
    /// <summary>The format the articles were read with (e.g. "ag-news-csv", "jsonl").</summary>
    public string Format { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>Kept up to date by the importer and labelling so lists need no COUNT over millions of rows.</summary>
    public int ArticleCount { get; set; }
    public int LabelledCount { get; set; }
    /// <summary>Ready unless an import is still writing it (see <see cref="DatasetState"/>).</summary>
    public DatasetState State { get; set; } = DatasetState.Ready;
    /// <summary>The import that writes (or wrote) this dataset; an interrupted import's unfinished dataset is found by it.</summary>
    public int? ImportId { get; set; }

    public List<LabelClass> Labels { get; set; } = new();
}
