namespace NewsClassifier.Data.Configurations;

internal sealed class RegisteredModelConfiguration : IEntityTypeConfiguration<RegisteredModel>
{
    public void Configure(EntityTypeBuilder<RegisteredModel> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(RegisteredModel.MaxNameLength);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.Description).HasMaxLength(2_000);
        builder.HasMany(m => m.Versions).WithOne().HasForeignKey(v => v.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Aliases).WithOne().HasForeignKey(a => a.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<AliasChange>().WithOne().HasForeignKey(c => c.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
