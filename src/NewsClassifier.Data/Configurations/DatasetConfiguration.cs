using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(Dataset.MaxNameLength);
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.Source).HasMaxLength(2_000);
        builder.Property(d => d.Format).HasMaxLength(50);
        builder.HasIndex(d => d.ImportId);
        // A dataset an import is still writing is nobody's business but the importer's (which uses raw SQL): every EF
        // query sees only Ready datasets. Code that must see the others (the name check, the clean-up) says IgnoreQueryFilters.
        builder.HasQueryFilter(d => d.State == DatasetState.Ready);
        builder.HasMany(d => d.Labels).WithOne().HasForeignKey(l => l.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
