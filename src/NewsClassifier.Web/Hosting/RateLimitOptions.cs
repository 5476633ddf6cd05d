namespace NewsClassifier.Web.Hosting;

/// <summary>Configuration section "RateLimits": requests a client may make before it gets 429 with Retry-After. Sign-in
/// counts per client IP address (an attacker has no user yet); the others per signed-in user, by IP when anonymous.
/// The defaults are far above what a person at the pages or a well-behaved script does.</summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in attempts (form posts) per IP address: bounds password guessing across all user names.</summary>
    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>POST /api/classify per user.</summary>
    public RateLimitRule Classify { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>"This is wrong" reports per user: each one lands in the review queue.</summary>
    public RateLimitRule Reports { get; set; } = new() { PermitLimit = 60, WindowSeconds = 3600 };

    /// <summary>Dataset and model exports per user: each streams a whole dataset or writes a whole archive.</summary>
    public RateLimitRule Exports { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>DataAnnotations do not descend into nested objects: each rule is checked here, named by its key.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in new[] { (nameof(SignIn), SignIn), (nameof(Classify), Classify), (nameof(Reports), Reports), (nameof(Exports), Exports) })
        {
            var results = new List<ValidationResult>();
            if (rule is null)
            {
                yield return new ValidationResult($"{SectionName}:{name} is missing.", [name]);
                continue;
            }
            Validator.TryValidateObject(rule, new ValidationContext(rule), results, validateAllProperties: true);
            foreach (var r in results)
                yield return new ValidationResult($"{SectionName}:{name}: {r.ErrorMessage}", r.MemberNames.Select(m => $"{name}:{m}"));
        }
    }
}
