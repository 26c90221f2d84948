using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>The reading side: never a half line, whatever the writer is doing; lockdown history from whole lines only.</summary>
public sealed class AuditReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Half = "2026-05-01T12:00:00.000Z | INFO | OP:READ_SNAPSHOT | PATH:- | RANG";

    /// <summary>An audit log in a temp home of its own (three backups), disposed with its folder: each test's arrange.</summary>
    private sealed class TempAudit : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public TempAudit(long maxBytes = 5_242_880)
        {
            LogPath = _dir.Combine("logs", "audit.log");
            Log = new AuditLog(
                AuditSettings.From(new OrchestratorOptions { Home = _dir.Path, AuditLogPath = LogPath, AuditLogMaxBytes = maxBytes, AuditLogBackupCount = 3 }),
                new WatchedClock());
        }

        public AuditLog Log { get; }

        public string LogPath { get; }

        /// <summary>The last lockdown line (on or cleared) across the log and its backups.</summary>
        public string? LastLockdownLine() => AuditReader.LastLockdownLine(LogPath, "PANIC_MODE_ON", "PANIC_CLEARED");

        public void Dispose()
        {
            Log.Dispose();
            _dir.Dispose();
        }
    }

    [Fact]
    public async Task Tail_AndLastLine_LeaveOutALineWithoutItsLineEnd()
    {
        using var audit = new TempAudit();
        var log = audit.Log;
        await log.OperationAsync("ONE", "admin:x");
        await log.OperationAsync("TWO", "admin:x");
        File.AppendAllText(audit.LogPath, Half);

        var tail = log.Reader.Tail(10);

        Assert.Equal(2, tail.Count);
        Assert.All(tail, l => Assert.True(AuditLine.TryParse(l, out _)));
        Assert.Contains("OP:TWO ", log.Reader.LastLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_WhileAWriterAppendsLongLines_ReturnsOnlyWholeLines()
    {
        using var audit = new TempAudit(maxBytes: 256 * 1024);
        var log = audit.Log;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await log.OperationAsync("TEST", "admin:x", new string((char)('a' + (i % 26)), 10_000 + i));
            }
        });

        while (!writer.IsCompleted) // bounded by the writer's 300 appends
        {
            foreach (var line in log.Reader.Tail(5))
            {
                Assert.True(AuditLine.TryParse(line, out var parts), "half line returned");
                var path = AuditLine.Field(parts.Body, "PATH")!;
                Assert.Equal(path.Length, path.Count(c => c == path[0])); // the whole value, never a cut one
            }
        }

        await writer.WaitAsync(Patience);
        Assert.Equal(5, log.Reader.Tail(5).Count);
    }

    [Fact]
    public async Task LastLockdownLine_HalfClearingLine_DoesNotCount()
    {
        using var audit = new TempAudit();
        var log = audit.Log;
        await log.OperationAsync("PANIC_MODE_ON", "system", level: "CRITICAL");
        File.AppendAllText(audit.LogPath, "2026-05-01T12:00:01.000Z | WARNING | OP:PANIC_CLEARED | PATH:- | RA"); // killed while clearing

        var last = audit.LastLockdownLine();

        Assert.Contains("| OP:PANIC_MODE_ON |", last, StringComparison.Ordinal);
        Assert.True(AuditLine.TryParse(last!, out _)); // the whole line, not the cut one
    }

    [Fact]
    public async Task LastLockdownLine_HalfLockdownLine_CountsToFailClosed()
    {
        using var audit = new TempAudit();
        var log = audit.Log;
        await log.OperationAsync("PANIC_MODE_ON", "system", level: "CRITICAL");
        await log.OperationAsync("PANIC_CLEARED", "admin:x", level: "WARNING");
        File.AppendAllText(audit.LogPath, "2026-05-01T12:00:02.000Z | CRITICAL | OP:PANIC_MODE_ON | PATH:- | RA"); // killed while locking down

        var last = audit.LastLockdownLine();

        Assert.StartsWith("2026-05-01T12:00:02.000Z | CRITICAL | OP:PANIC_MODE_ON |", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastLockdownLine_LooksIntoOlderFiles()
    {
        using var audit = new TempAudit(maxBytes: 600);
        var log = audit.Log;
        await log.OperationAsync("PANIC_MODE_ON", "system", level: "CRITICAL");
        for (var i = 0; i < 6; i++)
        {
            await log.OperationAsync("READ_SNAPSHOT", "admin:x", $"f{i}");
        }

        Assert.True(File.Exists(audit.LogPath + ".1"));
        var last = audit.LastLockdownLine();
        Assert.Contains("| OP:PANIC_MODE_ON |", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_AuditPathIsAFolder_IsAStorageFault()
    {
        using var audit = new TempAudit();
        var log = audit.Log;
        Directory.CreateDirectory(audit.LogPath);

        Assert.Throws<StorageFaultException>(() => log.Reader.Tail(5));
    }

    [Fact]
    public async Task WithWritersPaused_HoldsBackAnAppendUntilTheReadIsDone()
    {
        using var audit = new TempAudit();
        var log = audit.Log;
        await log.OperationAsync("ONE", "admin:x");
        Task? append = null;

        var count = await log.Reader.WithWritersPausedAsync(() =>
        {
            append = log.OperationAsync("TWO", "admin:x");
            var during = File.ReadAllLines(audit.LogPath).Length;
            Assert.False(append.IsCompleted); // queued behind the reader, not written into what it reads
            return during;
        });

        await append!.WaitAsync(Patience);
        Assert.Equal(1, count);
        Assert.Equal(2, File.ReadAllLines(audit.LogPath).Length);
    }
}
