namespace NewsClassifier.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(Dataset.MaxNameLength);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.Source).HasMaxLength(2_000);
        builder.Property(d => d.Format).HasMaxLength(50);
        builder.HasIndex(d => d.ImportId);
        builder.HasMany(d => d.Labels).WithOne().HasForeignKey(l => l.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
