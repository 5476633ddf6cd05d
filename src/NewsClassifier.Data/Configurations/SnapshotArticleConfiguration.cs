namespace NewsClassifier.Data.Configurations;

internal sealed class SnapshotArticleConfiguration : IEntityTypeConfiguration<SnapshotArticle>
{
    public void Configure(EntityTypeBuilder<SnapshotArticle> builder)
    {
        builder.HasKey(a => new { a.SnapshotId, a.ArticleId });
    }
}
