namespace NewsClassifier.Data.Configurations;

internal sealed class ModelAliasConfiguration : IEntityTypeConfiguration<ModelAlias>
{
    public void Configure(EntityTypeBuilder<ModelAlias> builder)
    {
        builder.Property(a => a.Alias).HasMaxLength(50);
        builder.HasIndex(a => new { a.RegisteredModelId, a.Alias }).IsUnique();
        builder.HasOne<ModelVersion>().WithMany().HasForeignKey(a => a.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
