using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>classify --model</c> through the registry, on the fixture's trained run registered straight into the database.</summary>
public sealed class ClassifyModelTests(TrainedRunFixture fixture) : IClassFixture<TrainedRunFixture>
{
    private void Register(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "newsclassifier.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO RegisteredModels (Name, CreatedAt) VALUES ('{name}', '2026-01-01 00:00:00');
            INSERT INTO ModelVersions (RegisteredModelId, Version, RunId, CreatedAt, CreatedBy)
                VALUES (last_insert_rowid(), 1, {fixture.RunId}, '2026-01-01 00:00:00', 'cli');
            INSERT INTO ModelAliases (RegisteredModelId, Alias, ModelVersionId)
                SELECT RegisteredModelId, 'production', Id FROM ModelVersions WHERE Id = last_insert_rowid();
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Classify_with_a_model_reference_uses_its_version_and_says_so()
    {
        Register("cli-news");

        var result = await fixture.RunAsync("classify", "--model", "cli-news@production", "--text", "The team won the cup final", "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(fixture.RunId, json.RootElement.GetProperty("run_id").GetInt32());
        Assert.Equal("cli-news@production (version 1)", json.RootElement.GetProperty("model").GetString());

        var byDefault = await fixture.RunAsync("classify", "--text", "The team won the cup final", "--json");
        Assert.True(byDefault.Exit == 0, byDefault.Err);
        Assert.Contains("cli-news@production", byDefault.Out);

        var missing = await fixture.RunAsync("classify", "--model", "cli-news:7", "--text", "x");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("cli-news has no version 7", missing.Err);
    }
}
