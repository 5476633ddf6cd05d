namespace NewsClassifier.Data.Configurations;

internal sealed class LabelClassConfiguration : IEntityTypeConfiguration<LabelClass>
{
    public void Configure(EntityTypeBuilder<LabelClass> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.HasIndex(l => new { l.DatasetId, l.Ordinal }).IsUnique();
        builder.HasIndex(l => new { l.DatasetId, l.Name }).IsUnique();
    }
}
