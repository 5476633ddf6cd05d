namespace NewsClassifier.Application.Accounts;

/// <summary>Configuration section "Accounts": password rule, lockout and session length.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Length is the rule (no forced digits or symbols): long passphrases beat short complex ones.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>Failed sign-ins from one address before that address is locked out of that user for <see cref="LockoutMinutes"/>
    /// (the web app's SignInThrottle: per address and user name, so nobody can lock an account, least of all the only Admin).</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session ends after this long without a request (sliding expiry).</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;
}
