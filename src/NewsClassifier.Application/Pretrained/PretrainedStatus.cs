using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>A moment of a checkpoint import, as published to live pages and the CLI.</summary>
public sealed record PretrainedStatus(int Id, string Name, PretrainedState State, string Phase, long BytesDone, long BytesTotal, string? Error)
{
    public double? Fraction => BytesTotal > 0 ? Math.Clamp((double)BytesDone / BytesTotal, 0, 1) : null;

    public bool IsFinished => State is PretrainedState.Ready or PretrainedState.Failed;

    public static PretrainedStatus From(PretrainedCheckpoint c, string phase) => new(c.Id, c.Name, c.State, phase, c.BytesDone, c.BytesTotal, c.Error);
}
