namespace NewsClassifier.Data.Configurations;

internal sealed class AliasChangeConfiguration : IEntityTypeConfiguration<AliasChange>
{
    public void Configure(EntityTypeBuilder<AliasChange> builder)
    {
        builder.Property(c => c.Alias).HasMaxLength(50);
        builder.Property(c => c.ChangedBy).HasMaxLength(100);
        builder.Property(c => c.Reason).HasMaxLength(1_000);
        builder.HasIndex(c => new { c.RegisteredModelId, c.ChangedAt });
    }
}
