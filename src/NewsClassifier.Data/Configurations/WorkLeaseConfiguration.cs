namespace NewsClassifier.Data.Configurations;

internal sealed class WorkLeaseConfiguration : IEntityTypeConfiguration<WorkLease>
{
    public void Configure(EntityTypeBuilder<WorkLease> builder)
    {
        builder.Property(l => l.Kind).HasMaxLength(WorkLease.MaxKindLength);
        builder.Property(l => l.Owner).HasMaxLength(WorkLease.MaxOwnerLength);
        // One holder per piece of work: a second process's insert fails on this index.
        builder.HasIndex(l => new { l.Kind, l.WorkId }).IsUnique();
    }
}
