using NewsClassifier.Data.Accounts;

namespace NewsClassifier.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.Property(t => t.Prefix).HasMaxLength(20);
        builder.Property(t => t.Role).HasMaxLength(20);
        builder.Property(t => t.RevokedBy).HasMaxLength(100);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.UserId);
    }
}
