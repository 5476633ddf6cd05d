using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NewsClassifier.Data;

namespace NewsClassifier.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app (no server is contacted).</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<NewsDbContext>
{
    public NewsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        DataServiceExtensions.ConfigurePostgres(options, "Host=127.0.0.1;Database=newsclassifier_design");
        return new NewsDbContext(options.Options);
    }
}
