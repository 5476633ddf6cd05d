using Microsoft.AspNetCore.Identity;

namespace NewsClassifier.Data.Accounts;

/// <summary>A person who signs in. ASP.NET Core Identity's user as it is: the role and the "can review" claim live in
/// Identity's own tables. It stays in Data so that Domain keeps no ASP.NET reference.</summary>
public sealed class AppUser : IdentityUser
{
    public AppUser() { }

    public AppUser(string userName) : base(userName) { }

    /// <summary>When the account was created (UTC), shown on the users page.</summary>
    public DateTime CreatedAt { get; set; }
}
