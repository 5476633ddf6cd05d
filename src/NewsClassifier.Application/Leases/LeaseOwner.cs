using System.Diagnostics;
using System.Globalization;

namespace NewsClassifier.Application.Leases;

/// <summary>
/// Who holds a lease: "machine/pid/process-start-ticks/instance". Machine, pid and start time let a process on the same
/// machine tell a dead holder from a live one at once (a pid reused by another program has another start time); the
/// instance part tells two hosts inside one process apart (tests, or a CLI command that starts a second host).
/// </summary>
public sealed record LeaseOwner(string Machine, int ProcessId, long StartTicks, string Instance)
{
    /// <summary>This host: this process with a new instance id.</summary>
    public static LeaseOwner ForThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        return new LeaseOwner(MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks, Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The machine part, shortened so the whole owner fits <see cref="Domain.Leases.WorkLease.MaxOwnerLength"/>.</summary>
    public static string MachineName => Environment.MachineName.Length > 100 ? Environment.MachineName[..100] : Environment.MachineName;

    public string Value => string.Create(CultureInfo.InvariantCulture, $"{Machine}/{ProcessId}/{StartTicks}/{Instance}");

    public override string ToString() => Value;

    /// <summary>Reads an owner written by <see cref="Value"/>; null for anything else (a row written by a newer version).</summary>
    public static LeaseOwner? Parse(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        return new LeaseOwner(parts[0], pid, ticks, parts[3]);
    }
}
