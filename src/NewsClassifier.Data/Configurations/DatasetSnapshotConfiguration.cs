namespace NewsClassifier.Data.Configurations;

internal sealed class DatasetSnapshotConfiguration : IEntityTypeConfiguration<DatasetSnapshot>
{
    public void Configure(EntityTypeBuilder<DatasetSnapshot> builder)
    {
        builder.Ignore(s => s.ShortHash);
        builder.Property(s => s.DatasetName).HasMaxLength(100);
        builder.Property(s => s.ContentHash).HasMaxLength(64);
        builder.HasIndex(s => s.ContentHash).IsUnique();
        // No foreign key to the dataset: snapshots are the lineage of runs that outlive it.
        builder.HasIndex(s => s.DatasetId);
        builder.HasMany<SnapshotArticle>().WithOne().HasForeignKey(a => a.SnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}
