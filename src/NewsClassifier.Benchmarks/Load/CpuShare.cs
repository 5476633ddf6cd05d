namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// How the cores were shared during one level (warm-up included): CPU time of the web app and of this load generator
/// as a percentage of one core, and the load average at the end. On a small machine the generator's share is CPU the
/// server did not get, so it belongs next to the latencies.
/// </summary>
internal sealed record CpuShare(double ServerPercent, double GeneratorPercent, string LoadAverage)
{
    /// <summary>Starts counting; <see cref="Meter.Stop"/> gives the share since then.</summary>
    public static Meter Start(int serverPid) => new(serverPid);

    internal sealed class Meter
    {
        private readonly int _serverPid;
        private readonly TimeSpan _server;
        private readonly TimeSpan _generator;
        private readonly long _started = Stopwatch.GetTimestamp();

        public Meter(int serverPid)
        {
            _serverPid = serverPid;
            _server = ServerCpu(serverPid);
            _generator = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public CpuShare Stop()
        {
            var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var server = (ServerCpu(_serverPid) - _server).TotalSeconds;
            var generator = (Process.GetCurrentProcess().TotalProcessorTime - _generator).TotalSeconds;
            var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
            return new CpuShare(100 * server / wall, 100 * generator / wall, load);
        }

        private static TimeSpan ServerCpu(int pid)
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
    }
}
