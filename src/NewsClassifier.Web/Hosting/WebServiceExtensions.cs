using System.Text.Json.Serialization;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MudBlazor.Services;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Storage;
using NewsClassifier.Web.Components;

namespace NewsClassifier.Web.Hosting;

public static class WebServiceExtensions
{
    public static WebApplicationBuilder AddNewsWeb(this WebApplicationBuilder builder)
    {
        // MudBlazor's CSS/JS come from its package (_content/MudBlazor); serve them also when the
        // app runs from its build output outside the Development environment.
        builder.WebHost.UseStaticWebAssets();
        // Running from the build output (not a publish) makes MapStaticAssets answer no-cache for every file. The
        // manifest's own headers are right in every environment: fingerprinted URLs are cached for a year (a changed
        // file gets a new fingerprint), plain ones revalidate by ETag. A deployment may still set the key to false.
        builder.Configuration["EnableStaticAssetsDevelopmentCaching"] ??= "true";

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddMudServices();

        // Uploads are limited by the validated ImportOptions (registered by AddNewsApplication), not a second read of its key.
        builder.Services.ConfigureFrom<FormOptions, ImportOptions>((form, import) => form.MultipartBodyLengthLimit = import.MaxUploadBytes);
        // Kestrel's own cap is the small one; only the endpoints marked WithUploadLimit raise it, per request (RequestBodyLimit).
        builder.AddValidatedOptions<RequestLimitOptions>(RequestLimitOptions.SectionName);
        builder.Services.ConfigureFrom<KestrelServerOptions, RequestLimitOptions>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes);
        // Blazor's hub keeps SignalR's 32 KB MaximumReceiveMessageSize (file inputs stream in chunks below it): not raised here.
        builder.AddNewsRateLimits();
        builder.AddNewsProxyHeaders();
        builder.AddNewsDataProtection();
        return builder;
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        if (migrator.MigratesAtStart) await migrator.MigrateAsync(app.Lifetime.ApplicationStopping);
        else await migrator.EnsureMigratedAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>The request pipeline, in order: the client's real address and scheme, errors, the not-found page, the body
    /// limit, who is asking, may they, the cookie-write header, how often, and the forms' antiforgery tokens.</summary>
    public static WebApplication UseNewsWeb(this WebApplication app)
    {
        app.UseNewsProxyHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseNotFoundPage();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAuthentication();
        app.UseMiddleware<RequestAuthenticationState>();
        app.UseAuthorization();
        app.UseMiddleware<CookieWriteHeader>(); // after authorization: a wrong role hears 403 before it hears about the header
        app.UseRateLimiter(); // after authentication: limits count per signed-in user
        app.UseAntiforgery();
        return app;
    }

    /// <summary>The Hangfire dashboard under /hangfire, linked from the Jobs area: Admins only, both as an endpoint policy
    /// (anonymous visitors are sent to the sign-in page) and as Hangfire's own filter.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "NewsClassifier jobs",
            AppPath = "/jobs",
            Authorization = new IDashboardAuthorizationFilter[] { new HangfireAdminFilter() },
        }).RequireAuthorization(Policies.Admin);
        return app;
    }

    public static WebApplication MapNewsComponents(this WebApplication app)
    {
        // CSS, JS and fonts (MudBlazor's, Blazor's and the top-level wwwroot/, all in the build's manifest) are public:
        // the sign-in page needs them before anyone is signed in. Fingerprinted URLs are cached for a year.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
