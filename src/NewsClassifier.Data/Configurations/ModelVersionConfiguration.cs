namespace NewsClassifier.Data.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.HasIndex(v => new { v.RegisteredModelId, v.Version }).IsUnique();
        builder.Property(v => v.CreatedBy).HasMaxLength(100);
        builder.Property(v => v.ArtifactPath).HasMaxLength(2_000);
        // Restrict: a run that backs a registered version cannot be deleted from under it.
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(v => v.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}
