using System.ComponentModel.DataAnnotations;

namespace NewsClassifier.Application.Accounts;

/// <summary>Configuration section "Accounts": password rule, lockout and session length.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Length is the rule (no forced digits or symbols): long passphrases beat short complex ones.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>Failed sign-ins in a row before the account is locked for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session ends after this long without a request (sliding expiry).</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;
}
