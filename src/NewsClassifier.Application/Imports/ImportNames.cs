namespace NewsClassifier.Application.Imports;

/// <summary>
/// The lock a process holds on a dataset name for as long as it imports it (<see cref="DatabaseDialect.TryLock"/>): the
/// holder's death releases it, so an Importing dataset whose name nobody holds is the leftover of a dead import (the web
/// app's, the CLI's or a worker's, on any node), and one whose name is held is being written right now.
/// </summary>
internal static class ImportNames
{
    public const string LockScope = "import";
}
