namespace NewsClassifier.Data.Configurations;

internal sealed class LabelingSettingsConfiguration : IEntityTypeConfiguration<LabelingSettings>
{
    public void Configure(EntityTypeBuilder<LabelingSettings> builder)
    {
        builder.HasKey(s => s.DatasetId);
        builder.HasOne<Dataset>().WithOne().HasForeignKey<LabelingSettings>(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Strategy).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ScoringState).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ScoredModelName).HasMaxLength(200);
        builder.Property(s => s.ScoringMessage).HasMaxLength(1_000);
        builder.Property(s => s.ErrorScanState).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ErrorScanMessage).HasMaxLength(1_000);
    }
}
