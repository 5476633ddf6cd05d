namespace NewsClassifier.Data.Configurations;

internal sealed class ArticleScoreConfiguration : IEntityTypeConfiguration<ArticleScore>
{
    public void Configure(EntityTypeBuilder<ArticleScore> builder)
    {
        builder.HasKey(s => new { s.ArticleId, s.ModelVersionId });
        builder.HasOne<Article>().WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(s => s.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        // The queue walks one of these in its strategy's order and stops at the first free article (no sort over the pool).
        builder.HasIndex(s => new { s.DatasetId, s.ModelVersionId, s.Confidence, s.ArticleId });
        builder.HasIndex(s => new { s.DatasetId, s.ModelVersionId, s.Margin, s.ArticleId });
        builder.HasIndex(s => new { s.DatasetId, s.ModelVersionId, s.Entropy, s.ArticleId });
    }
}
