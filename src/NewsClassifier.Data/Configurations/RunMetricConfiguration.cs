namespace NewsClassifier.Data.Configurations;

internal sealed class RunMetricConfiguration : IEntityTypeConfiguration<RunMetric>
{
    public void Configure(EntityTypeBuilder<RunMetric> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(50);
        builder.HasIndex(m => new { m.RunId, m.Name, m.Step });
    }
}
