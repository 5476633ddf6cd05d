namespace NewsClassifier.Application.Registry;

/// <summary>A request the registry refuses (unknown model, version or alias, missing reason, bad archive).</summary>
public sealed class RegistryException(string message) : Exception(message);
