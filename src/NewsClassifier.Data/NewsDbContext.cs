using Microsoft.EntityFrameworkCore;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Snapshots;

namespace NewsClassifier.Data;

public sealed class NewsDbContext(DbContextOptions<NewsDbContext> options) : DbContext(options)
{
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<LabelClass> LabelClasses => Set<LabelClass>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<DatasetImport> DatasetImports => Set<DatasetImport>();
    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();
    public DbSet<RunMetric> RunMetrics => Set<RunMetric>();
    public DbSet<RunLogEntry> RunLogEntries => Set<RunLogEntry>();
    public DbSet<RunPrediction> RunPredictions => Set<RunPrediction>();
    public DbSet<DatasetSnapshot> DatasetSnapshots => Set<DatasetSnapshot>();
    public DbSet<SnapshotArticle> SnapshotArticles => Set<SnapshotArticle>();
    public DbSet<RegisteredModel> RegisteredModels => Set<RegisteredModel>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<ModelAlias> ModelAliases => Set<ModelAlias>();
    public DbSet<AliasChange> AliasChanges => Set<AliasChange>();
    public DbSet<Annotation> Annotations => Set<Annotation>();
    public DbSet<LabelingSettings> LabelingSettings => Set<LabelingSettings>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<ArticleScore> ArticleScores => Set<ArticleScore>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NewsDbContext).Assembly);
}
