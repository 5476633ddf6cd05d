using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Data.Configurations;

internal sealed class ArticleScoreConfiguration : IEntityTypeConfiguration<ArticleScore>
{
    public void Configure(EntityTypeBuilder<ArticleScore> builder)
    {
        builder.HasKey(s => new { s.ArticleId, s.ModelVersionId });
        builder.HasOne<Article>().WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NewsClassifier.Domain.Registry.ModelVersion>().WithMany().HasForeignKey(s => s.ModelVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.DatasetId, s.ModelVersionId });
    }
}
