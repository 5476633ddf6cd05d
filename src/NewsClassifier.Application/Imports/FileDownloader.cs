using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NewsClassifier.Application.Outbound;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Streams a URL to <c>destination.partial</c> and renames it when complete, so a half-downloaded file is never
/// mistaken for a whole one. An existing <c>.partial</c> is resumed with a Range request when the server allows it.
/// Redirects are followed here (the client does not), so headers of the first response (X-Linked-ETag of a
/// Hugging Face LFS file) are seen, a bearer token is not sent on to another host, and every hop is checked by
/// <see cref="OutboundGuard"/> before it is requested (the guarded client checks the address it connects to as well).
/// Outbound's idle timeout covers connecting, waiting for headers and every read; its total timeout the whole download.
/// </summary>
public sealed partial class FileDownloader(
    IHttpClientFactory httpClients,
    OutboundGuard guard,
    IOptions<OutboundOptions> outbound,
    IOptions<ImportOptions> options,
    ILogger<FileDownloader> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>A dataset file: at most Import:MaxDownloadBytes.</summary>
    /// <returns>The size of the downloaded file in bytes.</returns>
    public async Task<long> DownloadAsync(Uri url, string destinationPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        (await DownloadAsync(url, destinationPath, new DownloadRules { MaxBytes = options.Value.DownloadLimit, LimitSetting = "Import:MaxDownloadBytes" },
            progress, cancellationToken)).Bytes;

    public async Task<DownloadResult> DownloadAsync(Uri url, string destinationPath, DownloadRules rules, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        Check(url, redirectedFrom: null);
        var totalSeconds = outbound.Value.TotalTimeoutSeconds;
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(TimeSpan.FromSeconds(totalSeconds));
        try
        {
            return await DownloadCheckedAsync(url, destinationPath, rules, progress, total.Token);
        }
        catch (OperationCanceledException e) when (total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException($"The download of {url} took longer than {totalSeconds} s (Outbound:TotalTimeoutSeconds) and was stopped. Try again to resume.", e);
        }
    }

    /// <summary>Throws a <see cref="DownloadException"/> naming the rule when the guard refuses <paramref name="url"/>.</summary>
    private void Check(Uri url, Uri? redirectedFrom)
    {
        try
        {
            guard.CheckUrl(url);
        }
        catch (OutboundRefusedException e)
        {
            throw new DownloadException(redirectedFrom is null ? e.Message : $"{redirectedFrom} redirected to an address that is refused: {e.Message}", e);
        }
    }

    private async Task<DownloadResult> DownloadCheckedAsync(Uri url, string destinationPath, DownloadRules rules, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var destination = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";

        var resumeFrom = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        var (response, linkedETag, linkedSize) = await SendAsync(url, resumeFrom, rules.BearerToken, cancellationToken);

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && resumeFrom > 0)
            {
                // The partial file does not fit what the server has now: start again.
                logger.LogWarning("Server refused to resume {Url} at byte {Offset}; downloading again", url, resumeFrom);
                File.Delete(partial);
                return await DownloadCheckedAsync(url, destinationPath, rules, progress, cancellationToken);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException(response.StatusCode == HttpStatusCode.NotFound
                    ? $"Not found (HTTP 404): {url}"
                    : $"The server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) for {url}", statusCode: response.StatusCode);
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
            total ??= linkedSize;

            if (rules.MaxBytes is { } max && total is { } announced && announced > max)
            {
                File.Delete(partial); // an earlier attempt's part of a file that is refused now
                throw new DownloadException($"{url} is {announced:N0} bytes, over the {max:N0}-byte download limit{LimitName(rules)}; nothing was downloaded.");
            }

            long received;
            await using (var file = new FileStream(partial, offset > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[1 << 16];
                var done = offset;
                var idle = TimeSpan.FromSeconds(outbound.Value.IdleTimeoutSeconds);
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
                        throw new DownloadException($"The download stalled: nothing received for {idle.TotalSeconds:0} s (Outbound:IdleTimeoutSeconds) after {done:N0} bytes. Try again to resume.", e);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        throw new DownloadException(
                            $"The connection broke after {done:N0}" + (total is { } t ? $" of {t:N0}" : "") + $" bytes of {url} ({e.Message}). Try again to resume.", e);
                    }
                    if (read == 0) break;
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    done += read;
                    if (total is { } expected && done > expected)
                        break;
                    if (rules.MaxBytes is { } limit && done > limit)
                    {
                        await file.DisposeAsync();
                        File.Delete(partial);
                        throw new DownloadException($"{url} went past the {limit:N0}-byte download limit{LimitName(rules)}; the download was discarded.");
                    }
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
                    ? $"The download of {url} ended early: {received:N0} of {size:N0} bytes. Try again to resume."
                    : $"The server sent more than the announced {size:N0} bytes for {url}; the download was discarded.");
            }

            string? verified = null;
            if (rules.VerifySha256ETag && ShaFromETag(linkedETag ?? response.Headers.ETag?.Tag) is { } expectedSha)
            {
                string actual;
                await using (var stream = new FileStream(partial, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                    actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
                if (actual != expectedSha)
                {
                    File.Delete(partial);
                    throw new DownloadException($"The download of {url} is corrupt: its SHA-256 is {actual}, the server announced {expectedSha}. The file was discarded; try again.");
                }
                verified = actual;
            }

            File.Move(partial, destination, overwrite: true);
            var length = new FileInfo(destination).Length;
            logger.LogInformation("Downloaded {Url} to {Path} ({Bytes} bytes{Sha})", url, destination, length, verified is null ? "" : ", SHA-256 checked");
            return new DownloadResult(length, verified);
        }
    }

    /// <summary>Sends the GET (with Range when resuming), following redirects; returns the final response and the
    /// X-Linked-ETag / X-Linked-Size seen on the way (Hugging Face puts them on the redirect to its CDN).</summary>
    private async Task<(HttpResponseMessage Response, string? LinkedETag, long? LinkedSize)> SendAsync(
        Uri url, long resumeFrom, string? bearerToken, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(OutboundServiceExtensions.HttpClientName);
        var settings = outbound.Value;
        var idle = TimeSpan.FromSeconds(settings.IdleTimeoutSeconds);
        string? linkedETag = null;
        long? linkedSize = null;
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (resumeFrom > 0) request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            if (!string.IsNullOrEmpty(bearerToken) && string.Equals(current.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);

            HttpResponseMessage response;
            using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headersTimeout.CancelAfter(idle);
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DownloadException($"The server at {current.Host} did not answer within {idle.TotalSeconds:0} s (Outbound:IdleTimeoutSeconds).", e);
            }
            catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
            {
                // The connect-time check: the name resolved to a refused address.
                throw new DownloadException(hop == 0 ? refused.Message : $"{url} redirected to an address that is refused: {refused.Message}", refused);
            }
            catch (HttpRequestException e)
            {
                throw new DownloadException($"Could not reach {current.Host}: {e.Message}", e);
            }

            if (response.Headers.TryGetValues("X-Linked-ETag", out var etags)) linkedETag ??= etags.FirstOrDefault();
            if (response.Headers.TryGetValues("X-Linked-Size", out var sizes) && long.TryParse(sizes.FirstOrDefault(), out var size)) linkedSize ??= size;

            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
                return (response, linkedETag, linkedSize);
            response.Dispose();
            if (hop >= settings.MaxRedirects)
                throw new DownloadException($"{url} redirected more than {settings.MaxRedirects} times (Outbound:MaxRedirects).");
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            Check(current, redirectedFrom: url);
        }
    }

    private static OutboundRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is OutboundRefusedException refused) return refused;
        }
        return null;
    }

    private static string LimitName(DownloadRules rules) => rules.LimitSetting is null ? "" : $" ({rules.LimitSetting})";

    /// <summary>The lower-case SHA-256 in an entity tag such as <c>"a1b2…"</c> or <c>W/"a1b2…"</c>, or null when it is not one.</summary>
    private static string? ShaFromETag(string? etag)
    {
        if (string.IsNullOrWhiteSpace(etag)) return null;
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"').ToLowerInvariant();
        return Sha256Hex().IsMatch(value) ? value : null;
    }
}
