using System.Globalization;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Jobs.Servers;

/// <summary>
/// What a Hangfire server tells the Jobs page about itself, carried in its name so that no table of our own is needed:
/// Hangfire's server list already has every server's queues, worker count and heartbeat. The name is
/// "machine:role:queue:device" (role "web" or "worker"; device "cpu, 2 threads" or "cuda 0 (nvidia ...), 8 threads");
/// Hangfire lower-cases it and appends ":pid:guid" to make the server's id.
/// </summary>
public sealed record JobServerName(string Machine, string Role, string Queue, string Device, int? ProcessId = null)
{
    public const string WebRole = "web";
    public const string WorkerRole = "worker";

    /// <summary>The device as the Jobs page shows it: "cuda:0 (NVIDIA GeForce RTX 4090), 8 threads".</summary>
    public static string DescribeDevice(TorchInfo torch, IReadOnlyList<string> gpuNames) =>
        CudaDeviceNames.NameOf(torch.Device, gpuNames) is { } gpu
            ? $"{torch.Device} ({gpu}), {Threads(torch.Threads)}"
            : $"{torch.Device}, {Threads(torch.Threads)}";

    private static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";

    /// <summary>The <c>ServerName</c> to give Hangfire (no ':' inside a part: it separates them).</summary>
    public string Format() => string.Join(':', new[] { Machine, Role, Queue, Device }.Select(part => part.Replace(':', ' ')));

    /// <summary>Reads a server id from Hangfire's list; a server named another way (an older version) shows its id as the machine.</summary>
    public static JobServerName Parse(string serverId)
    {
        var parts = serverId.Split(':');
        if (parts.Length == 6 && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return new JobServerName(parts[0], parts[1], parts[2], parts[3], pid);
        return new JobServerName(serverId, "", "", "");
    }
}
