using System.Net;

namespace NewsClassifier.Application.Imports;

/// <summary>A download that failed, with a message for the user. A partial file is kept when resuming makes sense.
/// <see cref="StatusCode"/> is the HTTP status when the server refused the request.</summary>
public sealed class DownloadException(string message, Exception? inner = null, HttpStatusCode? statusCode = null) : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
