using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace NewsClassifier.Web.Hosting;

/// <summary>
/// Holds every request body to <see cref="RequestLimitOptions.MaxBodyBytes"/>, except a multipart form sent to an
/// endpoint marked with <see cref="UploadLimit"/>, which gets that limit. A declared Content-Length above the limit is
/// refused without the endpoint running (the body is dropped, <see cref="DiscardAsync"/>); a chunked body is cut off when it passes the limit. Either way the answer is 413 with
/// a ProblemDetails naming the limit, and the endpoint never runs (or sees its body fail to read).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var (limit, what) = LimitFor(context);
        if (context.Request.ContentLength > limit)
        {
            await DiscardAsync(context);
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

    /// <summary>Most HTTP clients (HttpClient, browsers' fetch) send the whole body before they read the answer, and a
    /// server that closes the connection under them makes them report a broken connection instead of the 413. So up to
    /// <see cref="DiscardBytes"/> of a too-large body are read into a small buffer and dropped (never stored) for at most
    /// <see cref="DiscardTime"/>; a bigger or slower one gets its answer and the connection is closed. Clients that send
    /// <c>Expect: 100-continue</c> (curl) never send the body at all.</summary>
    private static async Task DiscardAsync(HttpContext context)
    {
        context.Response.Headers.Connection = "close";
        if (context.Request.ContentLength > DiscardBytes) return;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = DiscardBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DiscardTime);
        var buffer = new byte[16 * 1024];
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, timeout.Token) > 0) { }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // Too slow or cut off: the answer goes out anyway and the connection closes.
        }
    }

    /// <summary>How much of a too-large body is read and dropped so the client can read the 413.</summary>
    public const long DiscardBytes = 16L * 1024 * 1024;

    public static readonly TimeSpan DiscardTime = TimeSpan.FromSeconds(5);

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
