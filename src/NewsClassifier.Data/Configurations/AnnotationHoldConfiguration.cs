namespace NewsClassifier.Data.Configurations;

internal sealed class AnnotationHoldConfiguration : IEntityTypeConfiguration<AnnotationHold>
{
    public void Configure(EntityTypeBuilder<AnnotationHold> builder)
    {
        builder.HasKey(h => new { h.ArticleId, h.UserName });
        builder.Property(h => h.UserName).HasMaxLength(Annotation.MaxUserNameLength);
        builder.HasOne<Article>().WithMany().HasForeignKey(h => h.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // Lapsed holds are swept by age.
        builder.HasIndex(h => h.GivenAt);
    }
}
