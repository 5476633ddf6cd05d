using System.Security.Cryptography;
using System.Text;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// The Standard Webhooks signature (standardwebhooks.com): HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}" with
/// the key the endpoint's secret carries after "whsec_" (base64), sent as "v1,{base64}". A receiver recomputes it with
/// the same secret, so a forged or altered delivery (or an old one replayed with a new timestamp) does not verify.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>Bytes of key material in a new secret (Standard Webhooks asks for 24 to 64).</summary>
    public const int KeyBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>A new webhook-id: the same for every retry and re-send of one delivery, so receivers can drop duplicates.</summary>
    public static string NewMessageId() => "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Key(secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private static byte[] Key(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"A webhook secret starts with '{SecretPrefix}'.", nameof(secret));
        return Convert.FromBase64String(secret[SecretPrefix.Length..]);
    }
}
