using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsClassifier.Data.Configurations;

internal sealed class ScheduleFiringConfiguration : IEntityTypeConfiguration<ScheduleFiring>
{
    public void Configure(EntityTypeBuilder<ScheduleFiring> builder)
    {
        builder.Property(f => f.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Reason).HasMaxLength(2_000);
        builder.Property(f => f.SnapshotHash).HasMaxLength(64);
        builder.Property(f => f.Champion).HasMaxLength(120);
        builder.Property(f => f.Challenger).HasMaxLength(120);
        builder.Property(f => f.StartedBy).HasMaxLength(100);
        builder.Property(f => f.ApprovedBy).HasMaxLength(100);
        builder.Property(f => f.ApprovalNote).HasMaxLength(1_000);
        builder.Ignore(f => f.Duration);
        builder.HasOne<Schedule>().WithMany().HasForeignKey(f => f.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        // At most one running firing per schedule: the database, not a lock in one process, decides who fires.
        builder.HasIndex(f => f.ScheduleId).IsUnique().HasFilter("\"State\" = 'Running'").HasDatabaseName("IX_ScheduleFirings_OneRunning");
        builder.HasIndex(f => new { f.ScheduleId, f.Id });
    }
}
