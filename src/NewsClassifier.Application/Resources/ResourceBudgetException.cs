namespace NewsClassifier.Application.Resources;

/// <summary>
/// A model above the memory budget, refused before it is built; the message names the estimate, the budget and the setting.
/// An <see cref="ArgumentException"/>: like a bad parameter, the user fixes it (a smaller model or batch), and a run's
/// trainer marks the run Failed with the message instead of retrying it.
/// </summary>
public sealed class ResourceBudgetException(string message) : ArgumentException(message);
