namespace NewsClassifier.Data.Configurations;

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.Ignore(a => a.IsSkip);
        builder.Property(a => a.UserName).HasMaxLength(Annotation.MaxUserNameLength);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(a => a.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // A merge relabels annotations before the label goes, so Restrict only guards against a bug.
        builder.HasOne<LabelClass>().WithMany().HasForeignKey(a => a.LabelId).OnDelete(DeleteBehavior.Restrict);
        // One answer per user and article; the queue asks "has this user seen it" and "how many answers".
        builder.HasIndex(a => new { a.ArticleId, a.UserName }).IsUnique();
        // A user's history, newest first (undo, arrows) and per-user counts.
        builder.HasIndex(a => new { a.DatasetId, a.UserName, a.Id });
    }
}
