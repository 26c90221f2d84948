using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>
/// The audit durability contract: an append returns once its line is written; the flush to disk follows on
/// its own, coalesced and paced on the injected clock; a failing disk makes appends fail (closed) until it flushes
/// again. The clock is a fake one the tests advance: nothing here sleeps or polls.
/// </summary>
public sealed class AuditDiskFlusherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Written_IsFlushedInTheBackground_AtOnce()
    {
        var time = new WatchedClock();
        var flushed = 0;
        var flusher = new AuditDiskFlusher(() => Interlocked.Increment(ref flushed), time);

        flusher.Written();
        await flusher.Background.WaitAsync(Patience);

        Assert.Equal(1, Volatile.Read(ref flushed));
        Assert.Null(flusher.Failure);
        Assert.Equal(0, time.Timers); // the first flush does not wait for the clock
    }

    [Fact]
    public async Task WritesDuringAFlush_ShareTheNextFlush_OneIntervalLater()
    {
        var time = new WatchedClock();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        var flushed = 0;
        var flusher = new AuditDiskFlusher(
            () =>
            {
                if (Interlocked.Increment(ref flushed) == 1)
                {
                    entered.SetResult();
                    release.Wait(Patience); // a slow disk: everything written meanwhile waits for the next flush
                }
            },
            time);

        flusher.Written();
        await entered.Task.WaitAsync(Patience);
        for (var i = 0; i < 100; i++)
        {
            flusher.Written();
        }

        release.Set();
        await time.WaitForTimerAsync(); // the next flush waits for MinInterval after the start of the last one
        Assert.Equal(1, Volatile.Read(ref flushed));

        time.Advance(AuditDiskFlusher.MinInterval);
        await flusher.Background.WaitAsync(Patience);
        Assert.Equal(2, Volatile.Read(ref flushed)); // 101 writes, 2 flushes, and the last write is covered

        time.Advance(AuditDiskFlusher.MinInterval * 20);
        Assert.Equal(2, Volatile.Read(ref flushed));
        Assert.Equal(1, time.Timers); // nothing left to flush: no further wait was scheduled
    }

    [Fact]
    public async Task FailingDisk_IsReported_NotRetriedInTheBackground_AndFailsTheNextAppend_UntilAFlushSucceeds()
    {
        var time = new WatchedClock();
        var failing = true;
        var attempts = 0;
        var reported = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var flusher = new AuditDiskFlusher(
            () =>
            {
                Interlocked.Increment(ref attempts);
                if (Volatile.Read(ref failing))
                {
                    throw new IOException("EIO");
                }
            },
            time,
            reported.Enqueue);

        flusher.Written();
        await flusher.Background.WaitAsync(Patience);
        Assert.IsType<IOException>(Assert.Single(reported));
        time.Advance(AuditDiskFlusher.MinInterval * 20);
        Assert.Equal(1, Volatile.Read(ref attempts)); // no background retry that could "succeed" over lost pages
        Assert.Equal(0, time.Timers);
        Assert.NotNull(flusher.Failure);

        // SECURITY: fail closed. The writer calls this before every write; it flushes by itself and throws.
        Assert.Throws<IOException>(flusher.ThrowIfFailing);
        Assert.Equal(2, Volatile.Read(ref attempts));
        Assert.NotNull(flusher.Failure);

        Volatile.Write(ref failing, false);
        flusher.ThrowIfFailing();
        Assert.Null(flusher.Failure);
    }

    [Fact]
    public void HealthyDisk_ThrowIfFailing_DoesNotFlush()
    {
        var flushed = 0;
        var flusher = new AuditDiskFlusher(() => Interlocked.Increment(ref flushed), new WatchedClock());

        flusher.ThrowIfFailing();

        Assert.Equal(0, Volatile.Read(ref flushed)); // no fsync on the request path while the disk is fine
    }

    [Fact]
    public async Task AuditLog_FlushesItsLinesToDisk_AndOnDispose()
    {
        using var dir = new TempDirectory();
        var options = new OrchestratorOptions { Home = dir.Path, AuditLogPath = dir.Combine("logs", "audit.log") };
        var log = new AuditLog(AuditSettings.From(options), new WatchedClock());

        await log.OperationAsync("READ_SNAPSHOT", "admin:x", "a.py");
        Assert.Single(File.ReadAllLines(options.AuditLogPath)); // written (to the OS) before the call returns
        await log.BackgroundFlush.WaitAsync(Patience);
        Assert.Equal(1, log.DiskFlushes);

        log.Dispose();
        Assert.Equal(2, log.DiskFlushes);
    }

    [Fact]
    public async Task AuditLog_Rotation_FlushesTheFileBeforeRenamingIt()
    {
        using var dir = new TempDirectory();
        var options = new OrchestratorOptions
        {
            Home = dir.Path, AuditLogPath = dir.Combine("logs", "audit.log"), AuditLogMaxBytes = 400, AuditLogBackupCount = 1,
        };
        var time = new WatchedClock();
        var rotatedAtFlush = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        using var log = new AuditLog(AuditSettings.From(options), time, path => rotatedAtFlush.Enqueue(File.Exists(path + ".1")));
        await log.OperationAsync("FIRST", "admin:x", new string('a', 150));
        await log.BackgroundFlush.WaitAsync(Patience);
        Assert.Equal([false], rotatedAtFlush);

        await log.OperationAsync("SECOND", "admin:x", new string('b', 300)); // does not fit: the file is rotated first

        Assert.True(File.Exists(options.AuditLogPath + ".1"));
        // The rotation flushed FIRST's file while it still had its own name; the background flush for SECOND waits
        // for the clock, and then flushes the new file.
        Assert.Equal([false, false], rotatedAtFlush);
        await time.WaitForTimerAsync();
        time.Advance(AuditDiskFlusher.MinInterval);
        await log.BackgroundFlush.WaitAsync(Patience);
        Assert.Equal([false, false, true], rotatedAtFlush);
    }
}
