using Hangfire.Dashboard;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>The Hangfire dashboard can retry and delete jobs: signed-in Admins only (the cookie principal, authenticated
/// by the app's middleware before the dashboard runs). Hangfire answers 401/403 when this says no.</summary>
public sealed class HangfireAdminFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(AppRoles.Admin);
    }
}
