namespace NewsClassifier.Data.Configurations;

internal sealed class RunPredictionConfiguration : IEntityTypeConfiguration<RunPrediction>
{
    public void Configure(EntityTypeBuilder<RunPrediction> builder)
    {
        builder.HasKey(p => new { p.RunId, p.ArticleId });
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
