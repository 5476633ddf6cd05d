using Microsoft.EntityFrameworkCore;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Data;

public sealed class NewsDbContext(DbContextOptions<NewsDbContext> options) : DbContext(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<LabelClass> LabelClasses => Set<LabelClass>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<DatasetImport> DatasetImports => Set<DatasetImport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NewsDbContext).Assembly);
}
