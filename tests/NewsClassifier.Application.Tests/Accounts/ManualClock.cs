namespace NewsClassifier.Application.Tests.Accounts;

/// <summary>A clock the test moves by hand (expiry exactly at its instant, the once-a-minute last use).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
