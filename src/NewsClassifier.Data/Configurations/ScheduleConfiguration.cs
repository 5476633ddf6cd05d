using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsClassifier.Data.Configurations;

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Schedule.MaxNameLength);
        builder.Property(s => s.Recipe).HasMaxLength(50);
        builder.Property(s => s.ParametersJson).HasMaxLength(10_000);
        builder.Property(s => s.ModelName).HasMaxLength(100);
        builder.Property(s => s.Cron).HasMaxLength(100);
        builder.Property(s => s.TimeZone).HasMaxLength(100);
        builder.Property(s => s.EvaluationHash).HasMaxLength(64);
        builder.Property(s => s.CreatedBy).HasMaxLength(100);
        builder.ComplexProperty(s => s.Gate, gate => gate.Property(g => g.Metric).HasConversion<string>().HasMaxLength(20));
        // A deleted dataset takes its schedules (and their history) with it, as it does its runs' snapshots.
        builder.HasOne<Dataset>().WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.Name);
    }
}
