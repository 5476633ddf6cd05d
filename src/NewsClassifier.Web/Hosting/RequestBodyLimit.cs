using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace NewsClassifier.Web.Hosting;

/// <summary>
/// Holds every request body to <see cref="RequestLimitOptions.MaxBodyBytes"/>, except a multipart form sent to an
/// endpoint marked with <see cref="UploadLimit"/>, which gets that limit. A declared Content-Length above the limit is
/// refused before a byte is read; a chunked body is cut off when it passes the limit. Either way the answer is 413 with
/// a ProblemDetails naming the limit, and the endpoint never runs (or sees its body fail to read).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var (limit, what) = LimitFor(context);
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit, what);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength == 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = new LimitedReadStream(context.Request.Body, limit);
        context.Request.Body = body;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException) when (body.Exceeded && !context.Response.HasStarted)
        {
            // An endpoint that reads its body itself (ReadFromJsonAsync, ReadFormAsync) lets the failure through.
            await TooLargeAsync(context, limit, what);
            return;
        }
        // Minimal APIs and the form reader turn the read failure into a bare 413; say which limit it was.
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            await TooLargeAsync(context, limit, what);
    }

    private (long Limit, string What) LimitFor(HttpContext context)
    {
        if (context.Request.HasFormContentType && context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } upload })
            return (upload, "upload limit of this endpoint");
        return (options.Value.MaxBodyBytes, $"request body limit ({RequestLimitOptions.SectionName}:{nameof(RequestLimitOptions.MaxBodyBytes)})");
    }

    private static Task TooLargeAsync(HttpContext context, long limit, string what) =>
        Results.Problem(
            title: "Request body too large",
            detail: $"The request body is larger than the {what}: at most {limit:N0} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
}
