using System.Net;
using System.Text.RegularExpressions;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Downloads a BERT checkpoint from a Hugging Face-style hub: <c>{base}/{modelId}/resolve/{revision}/{file}</c>, each
/// file through <see cref="FileDownloader"/> (streamed to <c>file.partial</c>, resumed with a Range request, size and
/// SHA-256 checked). Files already complete in the folder are kept, so a retry only fetches what is missing.
/// </summary>
public sealed partial class HubClient(FileDownloader downloader, IOptions<PretrainedOptions> options, ILogger<HubClient> logger)
{
    public const string DefaultRevision = "main";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$")]
    private static partial Regex ModelIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")]
    private static partial Regex RevisionPattern();

    /// <summary>Throws <see cref="PretrainedException"/> unless <paramref name="modelId"/> looks like <c>owner/name</c> or <c>name</c>.</summary>
    public static string CheckModelId(string modelId)
    {
        var id = modelId.Trim();
        if (!ModelIdPattern().IsMatch(id) || id.Contains(".."))
            throw new PretrainedException($"'{modelId}' is not a hub model id (like google/bert_uncased_L-4_H-128_A-2).");
        return id;
    }

    public static string CheckRevision(string? revision)
    {
        var value = string.IsNullOrWhiteSpace(revision) ? DefaultRevision : revision.Trim();
        if (!RevisionPattern().IsMatch(value) || value.Contains(".."))
            throw new PretrainedException($"'{revision}' is not a branch, tag or commit.");
        return value;
    }

    public Uri FileUrl(Uri hubBase, string modelId, string revision, string file) =>
        new($"{hubBase.AbsoluteUri.TrimEnd('/')}/{modelId}/resolve/{Uri.EscapeDataString(revision)}/{file}");

    /// <param name="checkConfig">Called on the folder once config.json is there, before the (large) weights are fetched, so
    /// a config that will be refused costs one small download.</param>
    /// <returns>The names of the files downloaded into <paramref name="folder"/>.</returns>
    public async Task<IReadOnlyList<string>> DownloadAsync(
        string modelId, string revision, Uri? hubBase, string folder, IProgress<HubProgress>? progress, CancellationToken cancellationToken,
        Action<string>? checkConfig = null)
    {
        var settings = options.Value;
        var baseUrl = hubBase ?? settings.HubBaseUrl;
        Directory.CreateDirectory(folder);
        var rules = new DownloadRules
        {
            BearerToken = string.IsNullOrWhiteSpace(settings.HubToken) ? null : settings.HubToken.Trim(),
            MaxBytes = settings.MaxDownloadBytes,
            LimitSetting = "Pretrained:MaxDownloadBytes",
            VerifySha256ETag = true,
        };
        var files = new List<string>();
        long finished = 0;

        // True when fetched, false on a 404 of an optional file.
        async Task<bool> FetchAsync(string file, bool required)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                finished += new FileInfo(path).Length;
                files.Add(file);
                return true;
            }
            var url = FileUrl(baseUrl, modelId, revision, file);
            var fileProgress = progress is null ? null : new InlineProgress<DownloadProgress>(p =>
                progress.Report(new HubProgress(file, finished + p.BytesDone, finished + (p.BytesTotal ?? p.BytesDone))));
            try
            {
                var result = await downloader.DownloadAsync(url, path, rules, fileProgress, cancellationToken);
                finished += result.Bytes;
                files.Add(file);
                return true;
            }
            catch (DownloadException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                if (required) throw new PretrainedException($"Model id '{modelId}' (revision {revision}) not found or not a BERT checkpoint: {url} answered 404.", e);
                logger.LogInformation("{Url} is not there (404)", url);
                return false;
            }
            catch (DownloadException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new PretrainedException(rules.BearerToken is null
                    ? $"The hub refused {url} (HTTP {(int)e.StatusCode}): the model is gated or private. Set Pretrained:HubToken to an access token that may read it."
                    : $"The hub refused {url} (HTTP {(int)e.StatusCode}) with the token in Pretrained:HubToken: check that the token is valid and has access to '{modelId}'.", e);
            }
        }

        await FetchAsync(PretrainedFiles.Config, required: true);
        checkConfig?.Invoke(folder);
        await FetchAsync(PretrainedFiles.Vocabulary, required: true);
        await FetchAsync(PretrainedFiles.TokenizerConfig, required: false);
        if (!await FetchAsync(PretrainedFiles.SafeTensors, required: false) && !await FetchAsync(PretrainedFiles.PyTorchBin, required: false))
            throw new PretrainedException($"Model id '{modelId}' (revision {revision}) has neither {PretrainedFiles.SafeTensors} nor {PretrainedFiles.PyTorchBin} " +
                                          $"at {FileUrl(baseUrl, modelId, revision, "")}: not a PyTorch BERT checkpoint.");
        return files;
    }
}
