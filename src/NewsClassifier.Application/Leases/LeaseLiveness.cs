using System.Diagnostics;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Application.Leases;

/// <summary>
/// Whether a lease's holder may still be working: the lease has not expired and, when the holder ran on this machine,
/// its process still exists with the same start time. So the leases of a web app killed with <c>kill -9</c> are free at
/// its restart, while a holder on another machine is trusted until its lease expires.
/// </summary>
public static class LeaseLiveness
{
    public static bool IsLive(WorkLease lease, DateTime utcNow) => lease.ExpiresAt > utcNow && ProcessMayLive(lease.Owner);

    /// <summary>False only when the owner is provably dead: on this machine, and no process with its pid and start time exists.</summary>
    public static bool ProcessMayLive(string owner)
    {
        var parsed = LeaseOwner.Parse(owner);
        if (parsed is null || !string.Equals(parsed.Machine, LeaseOwner.MachineName, StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var process = Process.GetProcessById(parsed.ProcessId);
            if (process.HasExited) return false;
            // Start times read back at a coarser resolution on some systems: within a second is the same process.
            return Math.Abs(process.StartTime.ToUniversalTime().Ticks - parsed.StartTicks) < TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }
}
