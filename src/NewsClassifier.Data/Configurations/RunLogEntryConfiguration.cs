namespace NewsClassifier.Data.Configurations;

internal sealed class RunLogEntryConfiguration : IEntityTypeConfiguration<RunLogEntry>
{
    public void Configure(EntityTypeBuilder<RunLogEntry> builder)
    {
        builder.Property(l => l.Message).HasMaxLength(2_000);
        builder.HasIndex(l => new { l.RunId, l.Id });
    }
}
