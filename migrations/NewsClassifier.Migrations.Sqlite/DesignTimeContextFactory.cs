using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NewsClassifier.Data;

namespace NewsClassifier.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<NewsDbContext>
{
    public NewsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        DataServiceExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new NewsDbContext(options.Options);
    }
}
