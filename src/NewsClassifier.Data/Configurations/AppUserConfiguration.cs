using NewsClassifier.Data.Accounts;

namespace NewsClassifier.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder) => builder.Property(u => u.CreatedAt);
}
