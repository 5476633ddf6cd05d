using Microsoft.AspNetCore.Http.Metadata;

namespace NewsClassifier.Web.Hosting;

/// <summary>Endpoint metadata: this endpoint takes a file upload (multipart form) of up to <see cref="MaxRequestBodySize"/>
/// bytes. Every other request is held to <see cref="RequestLimitOptions.MaxBodyBytes"/> by <see cref="RequestBodyLimit"/>.</summary>
public sealed record UploadLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

public static class UploadLimitExtensions
{
    public static RouteHandlerBuilder WithUploadLimit(this RouteHandlerBuilder endpoint, long maxBytes) =>
        endpoint.WithMetadata(new UploadLimit(maxBytes));
}
