namespace NewsClassifier.Application.Registry;

/// <summary>A model's production alias moved or was removed (published after the change is saved), so work that
/// depends on the production model (active-learning scores) can follow it.</summary>
public sealed record ProductionAliasChange(string ModelName);
