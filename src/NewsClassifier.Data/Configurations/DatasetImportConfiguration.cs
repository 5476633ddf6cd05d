namespace NewsClassifier.Data.Configurations;

internal sealed class DatasetImportConfiguration : IEntityTypeConfiguration<DatasetImport>
{
    public void Configure(EntityTypeBuilder<DatasetImport> builder)
    {
        builder.Property(i => i.DatasetName).HasMaxLength(100);
        builder.Property(i => i.Source).HasMaxLength(2_000);
        builder.Property(i => i.StagedPath).HasMaxLength(2_000);
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.SourceKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.JobId).HasMaxLength(100);
        builder.Property(i => i.Message).HasMaxLength(1_000);
        builder.HasIndex(i => i.CreatedAt);
    }
}
