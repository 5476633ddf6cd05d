namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// The web app downloads a (tiny, real) BERT checkpoint from a throttled hub on 127.0.0.1 and is killed with SIGKILL a
/// part of the way through the weights; the next start must finish the download, resuming the partial file with a
/// Range request rather than starting over, and leave the checkpoint Ready with the hub's exact bytes, no .partial file
/// and nothing staged (<see cref="Aftermath"/>).
/// </summary>
public sealed class PretrainedDownloadFaultCases
{
    private const string ModelId = "faults/tiny-bert";
    private const string Weights = "model.safetensors";

    [Fact]
    public async Task Kill_9_during_a_pretrained_download_then_a_restart_finishes_it_from_where_it_stopped()
    {
        await using var host = await FaultHost.CreateAsync();
        var source = TinyCheckpoint.Write(Path.Combine(host.InputDirectory, "tiny-bert"));
        var files = TinyCheckpoint.Files(source);
        var size = files[Weights].Length;
        // About 6 s for the weights: long enough to kill mid-file, short enough for the bound.
        await using var hub = new ThrottledHub(files.ToDictionary(f => $"{ModelId}/{f.Key}", f => f.Value), bytesPerSecond: Math.Max(4096, size / 6));
        host.Configure("Pretrained__HubBaseUrl", hub.BaseUrl.AbsoluteUri);
        host.Configure("Outbound__AllowedHosts__0", "127.0.0.1");

        var web = await host.StartWebAsync();
        var client = await FaultHost.SignInAsync(web);
        int id;
        using (var response = await client.PostAsJsonAsync("/api/pretrained", new { hubId = ModelId, name = "faults-tiny-bert" }))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/pretrained answered {(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            id = json.RootElement.GetProperty("id").GetInt32();
        }
        // Killed once part of the weights is on disk (the downloader writes through a 64 KB buffer, most of this file).
        var pretrained = Path.Combine(host.DataDirectory, "pretrained");
        await FaultHost.UntilAsync(() => Task.FromResult(Directory.Exists(pretrained) &&
                Directory.EnumerateFiles(pretrained, Weights + ".partial", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0)),
            web.Process, "part of the weights to be written");
        web.Process.Kill();
        var sentAtKill = hub.BytesSent.GetValueOrDefault(Weights);
        Assert.True(sentAtKill < size, "the download finished before the kill");
        var before = await RowCounts.ReadAsync(host);

        var restarted = await host.StartWebAsync();
        await FaultHost.UntilAsync(async () => await host.ScalarAsync<string>($"SELECT State FROM PretrainedCheckpoints WHERE Id = {id}") is "Ready" or "Failed",
            restarted.Process, $"pretrained checkpoint {id} to finish");

        var (state, error, folder) = (await host.QueryAsync($"SELECT State, Error, Folder FROM PretrainedCheckpoints WHERE Id = {id}",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)))).Single();
        Assert.True(state == "Ready", $"checkpoint {id} ended {state}: {error}\n{restarted.Process.Tail()}");
        var resumed = hub.Requests.Where(r => r.File == Weights && r.Range.StartsWith("bytes=", StringComparison.Ordinal) && r.Range != "bytes=0-").ToList();
        Assert.True(resumed.Count > 0, $"the weights were fetched again from the start ({string.Join(", ", hub.Requests.Where(r => r.File == Weights))}), not resumed");
        var downloaded = Path.Combine(host.DataDirectory, "pretrained", Path.GetFileName(folder));
        foreach (var (name, bytes) in files)
            Assert.True(File.Exists(Path.Combine(downloaded, name)) && File.ReadAllBytes(Path.Combine(downloaded, name)).SequenceEqual(bytes),
                $"{name} in {downloaded} is missing or differs from the hub's");
        before.AssertEqual(await RowCounts.ReadAsync(host));
        await host.KillWhenIdleAsync(restarted.Process);
        await Aftermath.AssertCleanAsync(host, restarted.Process.Tail());
    }
}
