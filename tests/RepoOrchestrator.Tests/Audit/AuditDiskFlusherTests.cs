using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>
/// The audit durability contract: an append returns once its line is written; the flush to disk follows on
/// its own, coalesced; a failing disk makes appends fail (closed) until it flushes again.
/// </summary>
public sealed class AuditDiskFlusherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Written_IsFlushedInTheBackground()
    {
        var flushed = 0;
        var flusher = new AuditDiskFlusher(() => Interlocked.Increment(ref flushed));

        flusher.Written();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref flushed) == 1, Patience));
        Assert.Null(flusher.Failure);
    }

    [Fact]
    public void WritesDuringAFlush_ShareTheNextFlush()
    {
        using var release = new ManualResetEventSlim();
        var flushed = 0;
        var flusher = new AuditDiskFlusher(() =>
        {
            if (Interlocked.Increment(ref flushed) == 1)
            {
                release.Wait(Patience); // a slow disk: everything written meanwhile waits for the next flush
            }
        });

        flusher.Written();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref flushed) == 1, Patience));
        for (var i = 0; i < 100; i++)
        {
            flusher.Written();
        }

        release.Set();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref flushed) == 2, Patience));
        Thread.Sleep(AuditDiskFlusher.MinInterval * 20);
        Assert.Equal(2, Volatile.Read(ref flushed)); // 101 writes, 2 flushes, and the last write is covered
    }

    [Fact]
    public void FailingDisk_IsReported_NotRetriedInTheBackground_AndFailsTheNextAppend_UntilAFlushSucceeds()
    {
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
            reported.Enqueue);

        flusher.Written();
        Assert.True(SpinWait.SpinUntil(() => !reported.IsEmpty, Patience));
        Assert.IsType<IOException>(Assert.Single(reported));
        Thread.Sleep(AuditDiskFlusher.MinInterval * 20);
        Assert.Equal(1, Volatile.Read(ref attempts)); // no background retry that could "succeed" over lost pages
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
        var flusher = new AuditDiskFlusher(() => Interlocked.Increment(ref flushed));

        flusher.ThrowIfFailing();

        Assert.Equal(0, Volatile.Read(ref flushed)); // no fsync on the request path while the disk is fine
    }

    [Fact]
    public async Task AuditLog_FlushesItsLinesToDisk_AndOnDispose()
    {
        using var dir = new TempDirectory();
        var options = new OrchestratorOptions { Home = dir.Path, AuditLogPath = dir.Combine("logs", "audit.log") };
        var log = new AuditLog(options, TimeProvider.System);

        await log.OperationAsync("READ_SNAPSHOT", "admin:x", "a.py");
        Assert.Single(File.ReadAllLines(options.AuditLogPath)); // written (to the OS) before the call returns
        Assert.True(SpinWait.SpinUntil(() => log.DiskFlushes >= 1, Patience));

        var settled = log.DiskFlushes;
        log.Dispose();
        Assert.Equal(settled + 1, log.DiskFlushes);
    }

    [Fact]
    public void AuditLog_Rotation_FlushesTheFileBeforeRenamingIt()
    {
        using var dir = new TempDirectory();
        var options = new OrchestratorOptions
        {
            Home = dir.Path, AuditLogPath = dir.Combine("logs", "audit.log"), AuditLogMaxBytes = 400, AuditLogBackupCount = 1,
        };
        var rotatedAtFlush = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        using var log = new AuditLog(options, TimeProvider.System, path => rotatedAtFlush.Enqueue(File.Exists(path + ".1")));
        log.Operation("FIRST", "admin:x", new string('a', 150));
        Assert.True(SpinWait.SpinUntil(() => log.DiskFlushes >= 1, Patience));
        Thread.Sleep(AuditDiskFlusher.MinInterval * 20);
        var settled = rotatedAtFlush.Count;

        log.Operation("SECOND", "admin:x", new string('b', 300)); // does not fit: the file is rotated first

        Assert.True(File.Exists(options.AuditLogPath + ".1"));
        // The background flush for SECOND can only start after SECOND is written, i.e. after the rotation; a flush
        // that saw no `.1` yet is the one the rotation made while FIRST's file still had its own name.
        Assert.Contains(false, rotatedAtFlush.Skip(settled));
    }
}
