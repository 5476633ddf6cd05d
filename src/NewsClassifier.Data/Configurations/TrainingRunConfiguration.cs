namespace NewsClassifier.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.Ignore(r => r.Duration);
        builder.Ignore(r => r.IsFinished);
        builder.Property(r => r.DatasetName).HasMaxLength(100);
        builder.Property(r => r.Recipe).HasMaxLength(50);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.JobId).HasMaxLength(100);
        builder.Property(r => r.Device).HasMaxLength(50);
        builder.Property(r => r.LibraryVersions).HasMaxLength(200);
        builder.Property(r => r.ArtifactPath).HasMaxLength(2_000);
        builder.Property(r => r.StopReason).HasMaxLength(500);
        builder.Property(r => r.Error).HasMaxLength(4_000);
        // No foreign key to the dataset: a run and its model outlive a deleted dataset.
        builder.HasIndex(r => r.DatasetId);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => r.State);
        builder.HasIndex(r => r.SnapshotId);
        builder.Property(r => r.StartedBy).HasMaxLength(100);
        builder.Property(r => r.Name).HasMaxLength(TrainingRun.MaxNameLength);
        builder.Property(r => r.Tags).HasMaxLength(500);
        builder.Property(r => r.Notes).HasMaxLength(4_000);
        builder.HasMany<RunMetric>().WithOne().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<RunLogEntry>().WithOne().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
