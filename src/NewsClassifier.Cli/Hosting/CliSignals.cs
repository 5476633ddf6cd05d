using System.Runtime.InteropServices;

namespace NewsClassifier.Cli.Hosting;

/// <summary>
/// The CLI's own handling of SIGINT and SIGTERM, told apart: Ctrl+C (SIGINT, or the caller's token in-process) is a
/// person cancelling (<see cref="UserCancel"/>), SIGTERM is a service manager or deploy stopping the process
/// (<see cref="Stop"/>): <c>train</c> then puts its run back to the queue to resume instead of ending it Cancelled.
/// System.CommandLine cancels the same token for both, so its handling is turned off and this one takes its place: every
/// command's token (<see cref="Any"/>) still fires on either. A command that has not returned <see cref="Grace"/> after
/// the first signal is cut off, as System.CommandLine's process-termination timeout did.
/// </summary>
public sealed class CliSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupt;
    private readonly CancellationTokenSource _terminate = new();
    private readonly CancellationTokenSource _any;
    private readonly PosixSignalRegistration[] _registrations;
    private int _deadlineArmed;

    public CliSignals(CancellationToken caller, TimeSpan grace)
    {
        Grace = grace;
        _interrupt = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _any = CancellationTokenSource.CreateLinkedTokenSource(_interrupt.Token, _terminate.Token);
        _registrations = [Register(PosixSignal.SIGINT, _interrupt), Register(PosixSignal.SIGTERM, _terminate)];
    }

    public TimeSpan Grace { get; }

    /// <summary>Ctrl+C or the in-process caller's cancellation: the user's cancel.</summary>
    public CancellationToken UserCancel => _interrupt.Token;

    /// <summary>SIGTERM: stop gracefully, keep what can be resumed.</summary>
    public CancellationToken Stop => _terminate.Token;

    /// <summary>Either: what commands that do not care which get as their token.</summary>
    public CancellationToken Any => _any.Token;

    private PosixSignalRegistration Register(PosixSignal signal, CancellationTokenSource source) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true; // the command stops itself; the runtime must not end the process under it
            source.Cancel();
            if (Interlocked.Exchange(ref _deadlineArmed, 1) == 0)
                _ = Task.Delay(Grace).ContinueWith(_ => Environment.Exit(130), TaskScheduler.Default);
        });

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _any.Dispose();
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
