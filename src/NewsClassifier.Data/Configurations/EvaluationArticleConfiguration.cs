using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsClassifier.Data.Configurations;

internal sealed class EvaluationArticleConfiguration : IEntityTypeConfiguration<EvaluationArticle>
{
    public void Configure(EntityTypeBuilder<EvaluationArticle> builder)
    {
        builder.HasKey(e => new { e.ScheduleId, e.ArticleId });
        builder.Property(e => e.Label).HasMaxLength(100);
        builder.HasOne<Schedule>().WithMany().HasForeignKey(e => e.ScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}
