namespace RepoOrchestrator.Snapshots;

/// <summary>
/// Every 60 seconds (on the injected clock) shreds the snapshots unused for longer than ORCH_SNAPSHOT_TTL. A
/// failing sweep is logged and the loop goes on. The sweep holds only per-snapshot locks, so it never stalls
/// reads of other files.
/// </summary>
public sealed partial class SnapshotCleanupService(SnapshotStore store, TimeProvider time, ILogger<SnapshotCleanupService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private TaskCompletionSource<int> _nextSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes (with the number removed) when the loop finishes its next sweep; lets tests await the loop.</summary>
    internal Task<int> NextLoopSweep => Volatile.Read(ref _nextSweep).Task;

    /// <summary>One sweep, as the loop runs it; returns how many snapshots were removed.</summary>
    public Task<int> SweepAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Sweep(cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var removed = 0;
                try
                {
                    removed = await Task.Run(() => SweepAsync(stoppingToken), stoppingToken);
                    if (removed > 0)
                    {
                        LogSwept(logger, removed);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }

                Interlocked.Exchange(ref _nextSweep, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetResult(removed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Removed {Count} expired snapshot(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Snapshot sweep failed; the loop continues")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
