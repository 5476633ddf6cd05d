using NewsClassifier.Application.Datasets;

namespace NewsClassifier.Cli.Commands;

/// <summary><c>datasets [--json]</c>: lists the datasets with their article counts.</summary>
public sealed class DatasetsCommand(DatasetCatalog catalog, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("datasets", "List the datasets.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var datasets = await catalog.ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.Serialize(datasets));
                return 0;
            }
            if (datasets.Count == 0)
            {
                await console.Out.WriteLineAsync("No datasets yet. Import one with: newsclassifier import <file-or-url> --name <name>");
                return 0;
            }
            await console.Out.WriteLineAsync($"{"Id",4}  {"Name",-30} {"Articles",10} {"Labelled",10}  {"Format",-20} Created (UTC)");
            foreach (var d in datasets)
                await console.Out.WriteLineAsync($"{d.Id,4}  {d.Name,-30} {d.ArticleCount,10:N0} {d.LabelledCount,10:N0}  {d.Format,-20} {d.CreatedAt:yyyy-MM-dd HH:mm}");
            return 0;
        });
        return command;
    }
}
