namespace NewsClassifier.Application.Outbound;

/// <summary>A URL or an address this server will not fetch from; the message names the rule and is safe to show
/// (it never contains credentials).</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);
