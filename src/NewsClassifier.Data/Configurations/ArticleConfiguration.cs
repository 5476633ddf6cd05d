namespace NewsClassifier.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.Ignore(a => a.ModelText);
        builder.Property(a => a.Title).HasMaxLength(Article.MaxTitleLength);
        builder.Property(a => a.Text).HasMaxLength(Article.MaxTextLength);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
        // Restrict: a label class still in use cannot vanish under its articles.
        builder.HasOne(a => a.Label).WithMany().HasForeignKey(a => a.LabelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LabelClass>().WithMany().HasForeignKey(a => a.SuggestedLabelId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.OriginalTitle).HasMaxLength(Article.MaxTitleLength);
        builder.Property(a => a.OriginalText).HasMaxLength(Article.MaxTextLength);
        // The browse grid pages, sorts and filters within one dataset over up to millions of rows.
        builder.HasIndex(a => new { a.DatasetId, a.SourceRow });
        builder.HasIndex(a => new { a.DatasetId, a.LabelId });
        builder.HasIndex(a => new { a.DatasetId, a.Title });
    }
}
