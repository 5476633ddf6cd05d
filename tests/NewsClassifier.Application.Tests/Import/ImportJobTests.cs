using System.Net;
using System.Net.Sockets;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Tests.Import;

/// <summary>Imports queued through the app run as real Hangfire jobs on the app's job server.</summary>
public class ImportJobTests(NewsHost app) : IClassFixture<NewsHost>
{
    private static string Sample => Path.Combine(SampleData.RepositoryRoot, "..", "shared", "data", "ag_news", "ag_news_sample.csv");

    [Fact]
    public async Task A_server_file_is_imported_by_the_job_with_its_counts()
    {
        var path = Path.Combine(app.DataDirectory, "sample.csv");
        File.Copy(Sample, path, overwrite: true);

        var import = await SubmitAndWaitAsync(new ImportSubmission("server-sample", ImportSourceKind.ServerPath, path, new ImportSpec()));

        Assert.Equal(ImportState.Succeeded, import.State);
        using var scope = app.Services.CreateScope();
        var dataset = await scope.ServiceProvider.GetRequiredService<DatasetCatalog>().GetAsync(import.DatasetId!.Value, CancellationToken.None);
        Assert.Equal(6000, dataset!.ArticleCount);
        Assert.True(File.Exists(path), "a server file is the user's: the job must not delete it");
    }

    [Fact]
    public async Task A_url_is_downloaded_then_imported_and_a_refused_download_fails_clearly()
    {
        using var server = new OneFileServer(await File.ReadAllBytesAsync(Sample));

        var ok = await SubmitAndWaitAsync(new ImportSubmission("url-sample", ImportSourceKind.Url, server.Url + "train.csv", new ImportSpec(ImportFormat.AgNews)));
        Assert.Equal(ImportState.Succeeded, ok.State);
        Assert.Equal(6000, ok.RowsRead);

        var missing = await SubmitAndWaitAsync(new ImportSubmission("url-missing", ImportSourceKind.Url, server.Url + "missing.csv", new ImportSpec()));
        Assert.Equal(ImportState.Failed, missing.State);
        Assert.Contains("404", missing.Message);
        Assert.Null(missing.DatasetId);
    }

    [Fact]
    public async Task Requests_a_user_can_fix_are_refused_before_anything_is_queued()
    {
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<ImportLauncher>();
        await Assert.ThrowsAsync<ImportRequestException>(() => queue.SubmitAsync(
            new ImportSubmission(" ", ImportSourceKind.Url, "http://127.0.0.1/x.csv", new ImportSpec()), CancellationToken.None));
        await Assert.ThrowsAsync<ImportRequestException>(() => queue.SubmitAsync(
            new ImportSubmission("outside", ImportSourceKind.ServerPath, "/etc/passwd", new ImportSpec()), CancellationToken.None));
        await Assert.ThrowsAsync<ImportRequestException>(() => queue.SubmitAsync(
            new ImportSubmission("ftp", ImportSourceKind.Url, "ftp://127.0.0.1/x.csv", new ImportSpec()), CancellationToken.None));
    }

    private async Task<ImportView> SubmitAndWaitAsync(ImportSubmission submission)
    {
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<ImportLauncher>().SubmitAsync(submission, CancellationToken.None);
        var history = scope.ServiceProvider.GetRequiredService<ImportHistory>();
        for (int i = 0; i < 600; i++)
        {
            var import = await history.GetAsync(id, CancellationToken.None);
            if (import!.IsFinished) return import;
            await Task.Delay(100);
        }
        throw new TimeoutException($"import {id} did not finish in 60 s");
    }

    /// <summary>Serves one file at /train.csv on 127.0.0.1 and 404 for anything else.</summary>
    private sealed class OneFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _content;

        public OneFileServer(byte[] content)
        {
            _content = content;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                if (context.Request.Url!.AbsolutePath == "/train.csv")
                {
                    context.Response.ContentLength64 = _content.Length;
                    await context.Response.OutputStream.WriteAsync(_content);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }
}
