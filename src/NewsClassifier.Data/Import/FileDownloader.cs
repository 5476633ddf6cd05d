using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsClassifier.Data.Import;

public sealed record DownloadProgress(long BytesDone, long? BytesTotal);

/// <summary>A download that failed, with a message for the user. A partial file is kept when resuming makes sense.</summary>
public sealed class DownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Streams a URL to <c>destination.partial</c> and renames it when complete, so a half-downloaded file is never
/// mistaken for a whole one. An existing <c>.partial</c> is resumed with a Range request when the server allows it.
/// </summary>
public sealed class FileDownloader(IHttpClientFactory httpClients, IOptions<ImportOptions> options, ILogger<FileDownloader> logger)
{
    /// <summary>The named HttpClient registered in AddNewsData.</summary>
    public const string HttpClientName = "NewsClassifier.Downloads";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    /// <returns>The size of the downloaded file in bytes.</returns>
    public async Task<long> DownloadAsync(Uri url, string destinationPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new DownloadException($"Only http and https URLs can be downloaded: {url}");
        var destination = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";
        var client = httpClients.CreateClient(HttpClientName);

        var resumeFrom = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (resumeFrom > 0) request.Headers.Range = new RangeHeaderValue(resumeFrom, null);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException($"The server at {url.Host} did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException($"Could not reach {url.Host}: {e.Message}", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && resumeFrom > 0)
            {
                // The partial file does not fit what the server has now: start again.
                logger.LogWarning("Server refused to resume {Url} at byte {Offset}; downloading again", url, resumeFrom);
                File.Delete(partial);
                return await DownloadAsync(url, destinationPath, progress, cancellationToken);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException(response.StatusCode == HttpStatusCode.NotFound
                    ? $"Not found (HTTP 404): {url}"
                    : $"The server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) for {url}");
            }

            long offset = 0;
            long? total = response.Content.Headers.ContentLength;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != resumeFrom)
                    throw new DownloadException($"The server resumed {url} at the wrong offset ({range?.From}, expected {resumeFrom}).");
                offset = resumeFrom;
                total = range.Length ?? (total is { } partLength ? resumeFrom + partLength : null);
                logger.LogInformation("Resuming {Url} at byte {Offset}", url, resumeFrom);
            }
            else if (resumeFrom > 0)
            {
                logger.LogInformation("Server does not support resuming {Url}; downloading from the start", url);
            }

            long received;
            await using (var file = new FileStream(partial, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[1 << 16];
                var done = offset;
                var idle = TimeSpan.FromSeconds(options.Value.DownloadIdleTimeoutSeconds);
                var lastReport = DateTime.UtcNow - ProgressInterval;
                progress?.Report(new DownloadProgress(done, total));
                using var idleTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                while (true)
                {
                    idleTimeout.CancelAfter(idle);
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, idleTimeout.Token);
                    }
                    catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new DownloadException($"The download stalled: nothing received for {idle.TotalSeconds:0} s after {done:N0} bytes. Try again to resume.", e);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        throw new DownloadException(
                            $"The connection broke after {done:N0}" + (total is { } t ? $" of {t:N0}" : "") + $" bytes ({e.Message}). Try again to resume.", e);
                    }
                    if (read == 0) break;
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    done += read;
                    if (total is { } expected && done > expected)
                        break;
                    if (DateTime.UtcNow - lastReport >= ProgressInterval)
                    {
                        progress?.Report(new DownloadProgress(done, total));
                        lastReport = DateTime.UtcNow;
                    }
                }
                progress?.Report(new DownloadProgress(done, total));
                received = done;
            }

            if (total is { } size && received != size)
            {
                if (received > size) File.Delete(partial);
                throw new DownloadException(received < size
                    ? $"The download ended early: {received:N0} of {size:N0} bytes. Try again to resume."
                    : $"The server sent more than the announced {size:N0} bytes; the download was discarded.");
            }

            File.Move(partial, destination, overwrite: true);
            var length = new FileInfo(destination).Length;
            logger.LogInformation("Downloaded {Url} to {Path} ({Bytes} bytes)", url, destination, length);
            return length;
        }
    }
}
