namespace NewsClassifier.Data.Configurations;

internal sealed class PretrainedCheckpointConfiguration : IEntityTypeConfiguration<PretrainedCheckpoint>
{
    public void Configure(EntityTypeBuilder<PretrainedCheckpoint> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(PretrainedCheckpoint.MaxNameLength);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.SourceKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Source).HasMaxLength(2_000);
        builder.Property(p => p.Revision).HasMaxLength(200);
        builder.Property(p => p.HubUrl).HasMaxLength(500);
        builder.Property(p => p.StagedPath).HasMaxLength(2_000);
        builder.Property(p => p.Folder).HasMaxLength(200);
        builder.HasIndex(p => p.Folder).IsUnique();
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.JobId).HasMaxLength(100);
        builder.Property(p => p.Error).HasMaxLength(2_000);
        builder.Property(p => p.WeightsFormat).HasMaxLength(20);
        builder.Property(p => p.CreatedBy).HasMaxLength(100);
        builder.Ignore(p => p.IsFinished);
    }
}
