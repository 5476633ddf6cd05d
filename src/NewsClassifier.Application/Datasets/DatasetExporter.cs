using System.Text;
using NewsClassifier.Data.Sql;

namespace NewsClassifier.Application.Datasets;

/// <summary>Writes a dataset in file order, streamed row by row. CSV has the header <c>label,title,text</c> with label
/// names (empty when unlabelled); JSONL has <c>{"label","title","text"}</c> objects (label null when unlabelled).
/// Both read back with <see cref="Import.DatasetImporter"/> (pass the label names to keep the class order). CSV cells that a
/// spreadsheet would run as a formula get a leading apostrophe (<see cref="CsvCell"/>); JSONL is written as is.</summary>
public sealed class DatasetExporter(DatabaseDialect dialect)
{
    /// <exception cref="KeyNotFoundException">No dataset with that id.</exception>
    public async Task ExportAsync(int datasetId, ExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Add("@dataset", datasetId);
        // A dataset an import is still writing does not exist yet for anyone else.
        if (!await ArticleQueries.IsReadyAsync(connection, datasetId, cancellationToken))
            throw new KeyNotFoundException($"There is no dataset {datasetId}.");
        command.CommandText =
            "SELECT l.\"Name\", a.\"Title\", a.\"Text\" FROM \"Articles\" a LEFT JOIN \"LabelClasses\" l ON l.\"Id\" = a.\"LabelId\" " +
            "WHERE a.\"DatasetId\" = @dataset ORDER BY a.\"SourceRow\", a.\"Id\"";

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (format == ExportFormat.Csv) await writer.WriteLineAsync("label,title,text");
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var label = reader.IsDBNull(0) ? null : reader.GetString(0);
            var title = reader.GetString(1);
            var text = reader.GetString(2);
            if (format == ExportFormat.Csv)
            {
                await writer.WriteLineAsync($"{Quote(label ?? "")},{Quote(title)},{Quote(text)}");
            }
            else
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new ExportedArticle(label, title, text), ExportJson.Default.ExportedArticle));
            }
            if (++rows % 10_000 == 0) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string Quote(string value)
    {
        value = CsvCell.DefuseFormula(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value.Trim().Length == value.Length ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
