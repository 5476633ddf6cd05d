namespace NewsClassifier.Application.Pretrained;

/// <summary>What to import: exactly one of a hub id, a server folder or a staged zip.</summary>
public sealed record PretrainedRequest
{
    public string? HubId { get; init; }
    public string? Revision { get; init; }
    /// <summary>Overrides Pretrained:HubBaseUrl for this import (the CLI's --hub-url).</summary>
    public Uri? HubUrl { get; init; }
    public string? Path { get; init; }
    /// <summary>A zip saved by <see cref="PretrainedRequests.StageUploadAsync"/>, with the browser's file name.</summary>
    public string? StagedZip { get; init; }
    public string? ZipFileName { get; init; }
    /// <summary>Defaults to the hub id, the folder's name or the zip's name.</summary>
    public string? Name { get; init; }
    public string CreatedBy { get; init; } = "web";
}
