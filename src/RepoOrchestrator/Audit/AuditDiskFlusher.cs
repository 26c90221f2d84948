namespace RepoOrchestrator.Audit;

/// <summary>
/// Makes written audit lines durable (fsync) right after they are written, off the request path. An append is
/// released once its line is written to the operating system, which no kill of this process can lose; the
/// flush to disk, which only a power loss or kernel crash could need, follows at once on a pool thread. Flushes
/// coalesce: lines written while a flush runs are covered by the next one, and flushes start at most one
/// <see cref="MinInterval"/> apart, so a burst of reads costs a few hundred fsyncs a second, not one per line.
/// SECURITY: fail closed. A failed background flush is reported (<paramref name="onBackgroundFailure"/>) and
/// stays recorded; it is not retried in the background, where a second fsync could succeed after the kernel
/// dropped the failed pages. Instead <see cref="ThrowIfFailing"/> makes the next append flush by itself, and that
/// append (and its request) fails while the disk still refuses.
/// Pacing uses the injected <see cref="TimeProvider"/> (tests advance a fake clock instead of sleeping).
/// </summary>
internal sealed class AuditDiskFlusher(Action flushToDisk, TimeProvider time, Action<Exception>? onBackgroundFailure = null)
{
    /// <summary>Shortest time between the starts of two background flushes.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(5);

    private readonly Lock _flushGate = new(); // one fsync at a time: the background one or a synchronous one
    private int _dirty;   // 1 when a write happened that no started flush covers
    private int _running; // 1 while a background flush loop is scheduled or running
    private long? _lastStart; // timestamp (of `time`) of the last background flush; only the running loop touches it
    private Task _loop = Task.CompletedTask;
    private long _flushes;
    private volatile Exception? _failure;

    /// <summary>Background and synchronous flushes attempted so far (for tests and diagnostics).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>The error of the last failed flush; cleared only by a synchronous flush that succeeds.</summary>
    public Exception? Failure => _failure;

    /// <summary>The latest background flush loop; completes when it has nothing left to flush (for tests).</summary>
    internal Task Background => Volatile.Read(ref _loop);

    /// <summary>Call after every write: schedules a flush that covers it.</summary>
    public void Written()
    {
        Interlocked.Exchange(ref _dirty, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            Volatile.Write(ref _loop, Task.Run(FlushLoopAsync));
        }
    }

    /// <summary>
    /// Before a write: when a flush failed, flushes now and throws if that fails too, so no append is released
    /// while the log cannot be made durable.
    /// </summary>
    public void ThrowIfFailing()
    {
        if (_failure is not null)
        {
            FlushNow();
        }
    }

    /// <summary>Flushes everything written so far to disk before returning; throws when the disk refuses.</summary>
    public void FlushNow()
    {
        if (Flush() is { } error)
        {
            throw error;
        }

        _failure = null;
    }

    /// <summary>One fsync; returns its error (also recorded as <see cref="Failure"/>) or null.</summary>
    private Exception? Flush()
    {
        Interlocked.Exchange(ref _dirty, 0);
        lock (_flushGate)
        {
            Interlocked.Increment(ref _flushes);
            try
            {
                flushToDisk();
                return null;
            }
#pragma warning disable CA1031 // any failure of the flush is recorded and reported, never swallowed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ex;
                Interlocked.Exchange(ref _dirty, 1);
                return ex;
            }
        }
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            var wait = _lastStart is { } last ? MinInterval - time.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time).ConfigureAwait(false);
            }

            _lastStart = time.GetTimestamp();
            if (Flush() is { } error)
            {
                onBackgroundFailure?.Invoke(error);
                Interlocked.Exchange(ref _running, 0);
                return; // no background retry: the next append flushes itself and fails while the disk refuses
            }

            Interlocked.Exchange(ref _running, 0);
            if (Volatile.Read(ref _dirty) == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return; // nothing new, or a writer has just started the next loop
            }
        }
    }
}
