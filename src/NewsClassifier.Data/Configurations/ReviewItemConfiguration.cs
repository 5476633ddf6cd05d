namespace NewsClassifier.Data.Configurations;

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Note).HasMaxLength(ReviewItem.MaxNoteLength);
        builder.Property(r => r.Evidence).HasMaxLength(ReviewItem.MaxEvidenceLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(Annotation.MaxUserNameLength);
        builder.Property(r => r.ResolvedBy).HasMaxLength(Annotation.MaxUserNameLength);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LabelClass>().WithMany().HasForeignKey(r => r.ProposedLabelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LabelClass>().WithMany().HasForeignKey(r => r.GoldLabelId).OnDelete(DeleteBehavior.Restrict);
        // The review queue lists a dataset's open items; the scorer checks an article's earlier items.
        builder.HasIndex(r => new { r.DatasetId, r.Status, r.Id });
        builder.HasIndex(r => new { r.ArticleId, r.Reason });
    }
}
