namespace NewsClassifier.Domain.Accounts;

/// <summary>The four roles (one per user). What each may do is the web app's policies (Web/Accounts/Policies.cs)
/// and the README's role table.</summary>
public static class AppRoles
{
    /// <summary>Everything, plus users and roles, label-set editing, deleting datasets and the Hangfire dashboard.</summary>
    public const string Admin = "Admin";

    /// <summary>Trains, compares, promotes and schedules; labels and reviews.</summary>
    public const string Scientist = "Scientist";

    /// <summary>Labels articles; reviews only when an Admin grants <see cref="AppClaims.CanReview"/>.</summary>
    public const string Annotator = "Annotator";

    /// <summary>Browses and classifies.</summary>
    public const string Viewer = "Viewer";

    /// <summary>In order of power, most first.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Scientist, Annotator, Viewer];

    /// <summary>The canonical spelling of <paramref name="name"/> (case-insensitive), or null when it is no role.</summary>
    public static string? Find(string? name) =>
        All.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Claims stored per user beside the role.</summary>
public static class AppClaims
{
    /// <summary>Granted by an Admin to an Annotator who may review other people's labels (value "true").</summary>
    public const string CanReview = "newsclassifier:can-review";
}
