using Microsoft.AspNetCore.Authorization;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Web.Accounts;

/// <summary>
/// What each role may do, by policy name. A page takes <c>@attribute [Authorize(Policy = Policies.X)]</c>, an endpoint or
/// group <c>.RequireAuthorization(Policies.X)</c>, an action inside an interactive page <c>CurrentUser.EnsureAsync(Policies.X)</c>.
/// Everything not marked otherwise needs a signed-in user (the fallback policy); only /healthz and the sign-in/setup
/// pages are anonymous. The README's role table and Web.Tests' RoleMatrixTests mirror this.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user: read datasets, articles, runs, models, jobs.</summary>
    public const string Browse = "Browse";

    /// <summary>Any role: classify articles (page and API).</summary>
    public const string Classify = "Classify";

    /// <summary>Admin, Scientist, Annotator: label articles.</summary>
    public const string Label = "Label";

    /// <summary>Admin, Scientist, or an Annotator an Admin granted "can review" (the <see cref="AppClaims.CanReview"/> claim).</summary>
    public const string Review = "Review";

    /// <summary>Admin, Scientist: import datasets, start/cancel/delete/re-run runs, tags and notes, compare, register and
    /// promote models, model and pretrained imports, schedules.</summary>
    public const string Train = "Train";

    /// <summary>Admin: users and roles, label-set editing, deleting datasets, the Hangfire dashboard.</summary>
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Browse, Classify, Label, Review, Train, Admin];

    /// <summary>The policies and the signed-in fallback; used by the app and by the bUnit test context alike.</summary>
    public static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Browse, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Classify, p => p.RequireRole(AppRoles.All));
        options.AddPolicy(Label, p => p.RequireRole(AppRoles.Admin, AppRoles.Scientist, AppRoles.Annotator));
        options.AddPolicy(Review, p => p.RequireAssertion(context =>
            context.User.IsInRole(AppRoles.Admin) || context.User.IsInRole(AppRoles.Scientist) ||
            (context.User.IsInRole(AppRoles.Annotator) && context.User.HasClaim(AppClaims.CanReview, "true"))));
        options.AddPolicy(Train, p => p.RequireRole(AppRoles.Admin, AppRoles.Scientist));
        options.AddPolicy(Admin, p => p.RequireRole(AppRoles.Admin));
    }
}
