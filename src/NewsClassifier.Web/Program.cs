using NewsClassifier.Application.Hosting;
using NewsClassifier.Data;
using NewsClassifier.Jobs;
using NewsClassifier.Web.Apis;
using NewsClassifier.Web.Health;
using NewsClassifier.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddNewsData();
builder.AddNewsApplication();
builder.AddNewsJobs();
builder.AddNewsHealthChecks();
builder.AddNewsWeb();
builder.AddNewsWebAccounts();
builder.AddNewsApiDocumentation();

var app = builder.Build();

// The embedded SQLite default migrates at start (README: "Database"); PostgreSQL deployments run the CLI's `migrate`.
await app.MigrateDatabaseAsync();

app.UseNewsWeb();
app.MapHealthApi();
app.MapAccountEndpoints();
app.MapDatasetsApi();
app.MapRunsApi();
app.MapClassifyApi();
app.MapModelsApi();
app.MapPretrainedApi();
app.MapLabelingApi();
app.MapSchedulesApi();
app.MapNewsApiDocumentation();
app.MapWebhooksApi();
app.MapJobsDashboard();
app.MapNewsComponents();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
