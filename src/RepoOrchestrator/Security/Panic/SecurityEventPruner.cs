namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Deletes security events older than 24 h every <see cref="Interval"/> on the injected clock (events are
/// also pruned on every write). A failed sweep is logged and the loop goes on. Each tick, and the stop, first
/// write what <see cref="PanicService"/> holds in memory because the store could not be written
/// (<see cref="PanicService.FlushHeldAsync"/>), so a lockdown held while no anonymous request comes still reaches the store.
/// </summary>
public sealed partial class SecurityEventPruner(PanicService panic, TimeProvider time, ILogger<SecurityEventPruner> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private PeriodicTimer? _timer;
    private TaskCompletionSource _swept = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next sweep has finished (tests advance the clock, then await it).</summary>
    internal Task NextSweep => Volatile.Read(ref _swept).Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which runs on a background thread), so the first due time is
        // fixed when the host has started and a clock advanced right after start is never missed.
        _timer = new PeriodicTimer(Interval, time);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (panic.HoldsUnrecorded && !await panic.FlushHeldAsync())
        {
            LogStillHeld(logger);
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The pruner was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await panic.FlushHeldAsync();
                    var removed = panic.PruneExpired();
                    if (removed > 0)
                    {
                        LogPruned(logger, removed);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }

                Interlocked.Exchange(ref _swept, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Pruned {Count} security events older than 24 h")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Critical, Message = "Stopping while the state store still cannot be written: security events or a lockdown held in memory are not in it (a lockdown that reached the audit log comes back at start unless the store holds a clear newer than it)")]
    private static partial void LogStillHeld(ILogger logger);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Pruning security events failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
