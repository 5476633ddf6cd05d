using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using NewsClassifier.Application.Leases;

namespace NewsClassifier.Cli.Tests;

/// <summary>The CLI's in-process training holds the run's lease (so a web app restarted meanwhile leaves the run alone),
/// releases it when the run ends, and a CLI killed with <c>kill -9</c> leaves a lease every process on this machine
/// sees as dead at once.</summary>
public sealed class TrainingLeaseTests(TrainedRunFixture fixture) : IClassFixture<TrainedRunFixture>
{
    [Fact]
    public async Task The_cli_holds_the_runs_lease_while_it_trains_releases_it_at_the_end_and_a_killed_cli_leaves_a_dead_lease()
    {
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM WorkLeases WHERE Kind = 'training' AND WorkId = {fixture.RunId}")); // the fixture's run released it

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsclassifier.dll"));
        foreach (var arg in (string[])["train", "--dataset", TrainedRunFixture.Dataset, "--recipe", "custom", .. TrainedRunFixture.TinyModel,
                     "--epochs", "500", "--set", "early_stopping_patience=0", "--json"])
            start.ArgumentList.Add(arg);
        start.Environment["Storage__DataDirectory"] = fixture.DataDirectory;
        using var process = new Process { StartInfo = start };
        var log = new StringBuilder();
        var firstEpoch = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            if (e.Data?.Contains("epoch 1/500") == true) firstEpoch.TrySetResult();
        };
        process.Start();
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        await Task.WhenAny(firstEpoch.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        lock (log) Assert.True(firstEpoch.Task.IsCompleted && !process.HasExited, "no epoch line on stderr while training: " + log);

        var runId = Scalar("SELECT MAX(Id) FROM TrainingRuns");
        var owner = Text($"SELECT Owner FROM WorkLeases WHERE Kind = 'training' AND WorkId = {runId}");
        var holder = LeaseOwner.Parse(owner);
        Assert.NotNull(holder);
        Assert.Equal(process.Id, holder.ProcessId);
        Assert.True(LeaseLiveness.ProcessMayLive(owner), $"the training CLI's lease ({owner}) reads as live");

        process.Kill(); // SIGKILL: nothing is released
        await process.WaitForExitAsync();
        Assert.Equal(owner, Text($"SELECT Owner FROM WorkLeases WHERE Kind = 'training' AND WorkId = {runId}"));
        Assert.Equal("Running", Text($"SELECT State FROM TrainingRuns WHERE Id = {runId}"));
        Assert.False(LeaseLiveness.ProcessMayLive(owner), $"the killed CLI's lease ({owner}) reads as dead before it expires");
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "newsclassifier.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return connection;
    }
}
