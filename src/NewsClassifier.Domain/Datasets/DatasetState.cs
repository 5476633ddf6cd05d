namespace NewsClassifier.Domain.Datasets;

/// <summary>
/// An import writes its articles in short batches into a dataset that stays <see cref="Importing"/> (invisible to every
/// list, page and API) until the last batch is in; only then does it become <see cref="Ready"/>. Other writers wait
/// at most one batch, and the user still sees all or nothing.
/// </summary>
public enum DatasetState
{
    Ready = 0,
    Importing = 1,
}
