namespace NewsClassifier.Application.Runs;

/// <summary>Values the table's filters offer (from all runs, archived included).</summary>
public sealed record RunFacets(IReadOnlyList<string> Recipes, IReadOnlyList<(int Id, string Name)> Datasets, IReadOnlyList<string> Tags);
