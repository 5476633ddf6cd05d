using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>import --labels gold|suggestions|ignore</c>, <c>--label-names</c> and <c>--clean-text</c>, through the CLI's entry point.</summary>
public sealed class ImportOptionsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task Labels_as_suggestions_clean_text_and_typed_class_names()
    {
        await RunAsync("migrate");
        var file = Path.Combine(_dataDirectory, "ag.csv");
        await File.WriteAllTextAsync(file, "label,title,description\n2,Gerrard #39;s goal,A late winner.\n3,Oil up,Prices rise \\$3.\n1,Talks,Plain.\n");

        var suggestions = await RunAsync("import", file, "--name", "suggested", "--labels", "suggestions", "--json");
        Assert.Equal(0, suggestions.Exit);
        using (var json = JsonDocument.Parse(suggestions.Out))
        {
            var root = json.RootElement;
            Assert.Equal(0, root.GetProperty("labelledCount").GetInt32());
            Assert.Equal(3, root.GetProperty("suggestedCount").GetInt32());
            Assert.Equal(2, root.GetProperty("cleanedCount").GetInt32());
            Assert.Equal("suggestions", root.GetProperty("labels").GetString());
            Assert.True(root.GetProperty("cleanText").GetBoolean());
        }
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM Articles a JOIN LabelClasses l ON l.Id = a.SuggestedLabelId WHERE a.LabelId IS NULL"));
        Assert.Equal(4, Scalar("SELECT COUNT(*) FROM LabelClasses"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM Articles WHERE Title = 'Gerrard''s goal' AND OriginalTitle = 'Gerrard #39;s goal'"));

        var raw = await RunAsync("import", file, "--name", "raw", "--clean-text", "false");
        Assert.Equal(0, raw.Exit);
        Assert.Contains("3 articles, 3 labeled.", raw.Out);
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM Articles WHERE Title = 'Gerrard #39;s goal' AND OriginalTitle IS NULL"));

        var texts = Path.Combine(_dataDirectory, "texts.csv");
        await File.WriteAllTextAsync(texts, "title,text\nOne,First text\nTwo,Second text\n");
        var named = await RunAsync("import", texts, "--name", "named", "--label-names", "Politics,Sport");
        Assert.Equal(0, named.Exit);
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM LabelClasses l JOIN Datasets d ON d.Id = l.DatasetId WHERE d.Name = 'named' AND l.Name IN ('Politics', 'Sport')"));

        var wrong = await RunAsync("import", file, "--name", "wrong", "--labels", "World,Sports");
        Assert.NotEqual(0, wrong.Exit);
        Assert.Contains("gold", wrong.Err + wrong.Out); // the accepted values are listed
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "newsclassifier.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
