namespace NewsClassifier.Hostile.Tests.Hosting;

/// <summary>Every case file joins this collection, so the app starts once for the whole suite.</summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileApp>
{
    public const string Name = "hostile app";
}
