using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NewsClassifier.Application.Accounts.Tokens;

/// <summary>
/// A token reads <c>nct_&lt;id&gt;_&lt;secret&gt;</c>: the prefix makes a leaked token recognisable (secret scanners, logs),
/// the id finds its row without searching by secret (so the time a lookup takes says nothing about the secret), and the
/// secret is 32 random bytes as 43 base64url characters. Only SHA-256 of the secret is stored: with 256 random bits a
/// slow password hash adds nothing.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "nct_";

    public const int SecretLength = 43;

    /// <summary>Characters of the secret shown in lists beside the id.</summary>
    public const int ShownSecretCharacters = 4;

    /// <summary>Longest well-formed token (prefix, an int id, separator, secret); anything longer is refused unread.</summary>
    public const int MaxLength = 4 + 10 + 1 + SecretLength;

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(int id, string secret) => $"{Prefix}{id}_{secret}";

    /// <summary>What lists show: enough to tell tokens apart, far too little to use.</summary>
    public static string Shown(int id, string secret) => $"{Prefix}{id}_{secret[..ShownSecretCharacters]}";

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>The id and the secret's hash of a well-formed token; false for anything else (wrong prefix, an id that is
    /// no positive int, a secret of the wrong length or alphabet), without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out int id, out byte[] secretHash)
    {
        id = 0;
        secretHash = [];
        if (token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = token[Prefix.Length..];
        var separator = rest.IndexOf('_');
        if (separator is <= 0 or > 10) return false;
        var idText = rest[..separator];
        foreach (var c in idText) if (c is < '0' or > '9') return false;
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out id) || id <= 0) return false;
        var secret = rest[(separator + 1)..];
        if (secret.Length != SecretLength) return false;
        foreach (var c in secret) if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        secretHash = Hash(secret.ToString());
        return true;
    }
}
