namespace NewsClassifier.Application.Registry;

/// <summary>Tells this process when a model's production alias moved or was removed (singleton), so work that
/// depends on the production model (active-learning scores) can follow it.</summary>
public sealed class ProductionAliasNotifier
{
    /// <summary>Raised with the model name after the change is saved.</summary>
    public event Action<string>? Changed;

    public void Publish(string modelName) => Changed?.Invoke(modelName);
}
