using Microsoft.AspNetCore.Identity;

namespace NewsClassifier.Data.Configurations;

/// <summary>The four roles are data of the schema, not something to create at start: seeded with fixed ids and
/// stamps so the migration is stable.</summary>
internal sealed class IdentityRoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(AppRoles.All.Select(role => new IdentityRole(role)
        {
            Id = $"role-{role.ToLowerInvariant()}",
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = $"seed-{role.ToLowerInvariant()}",
        }));
}
