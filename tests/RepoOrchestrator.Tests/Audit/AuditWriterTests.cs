using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>The single appender: concurrent appends stay whole and chained; another process's lock is waited for on the clock, within a bound.</summary>
public sealed class AuditWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static (AuditWriter Writer, OrchestratorOptions Options) Create(TempDirectory dir, TimeProvider time, long maxBytes = 5_242_880)
    {
        var options = new OrchestratorOptions
        {
            Home = dir.Path, AuditLogPath = dir.Combine("logs", "audit.log"), AuditLogMaxBytes = maxBytes, AuditLogBackupCount = 50,
        };
        return (new AuditWriter(AuditSettings.From(options), time, AuditFiles.FlushToDisk, _ => { }), options);
    }

    [Theory]
    [InlineData(5_242_880)]
    [InlineData(2_048)] // rotating many times under the load
    public async Task ParallelAppends_ProduceOneIntactChainedLineEach(long maxBytes)
    {
        using var dir = new TempDirectory();
        var (writer, options) = Create(dir, new WatchedClock(), maxBytes);
        using var owned = writer;
        const int Count = 400;

        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => Task.Run(() =>
            writer.AppendAsync("INFO", AuditLine.OperationBody("TEST", "admin:x", $"p{i}", hash: new string('h', i % 97))))));

        var lines = AuditVerifier.KeptFiles(options.AuditLogPath).SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(Count, lines.Count);
        var previous = AuditChain.Genesis;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            Assert.True(AuditLine.TryParse(line, out var parts), line);
            Assert.Equal(AuditChain.Compute(previous, parts.Content), parts.Chain); // SECURITY: one unbroken chain
            Assert.True(paths.Add(AuditLine.Field(parts.Body, "PATH")!));
            previous = parts.Chain;
        }

        Assert.Equal(Count, paths.Count);
    }

    [Fact]
    public async Task Append_WhileAnotherProcessHoldsTheLock_WaitsOnTheClock_AndWritesOnceItIsFree()
    {
        using var dir = new TempDirectory();
        var time = new WatchedClock();
        var (writer, options) = Create(dir, time);
        using var owned = writer;
        await writer.AppendAsync("INFO", AuditLine.OperationBody("FIRST", "a"));
        var other = HoldLock(options.AuditLogPath);

        var append = writer.AppendAsync("INFO", AuditLine.OperationBody("SECOND", "a"));
        await time.WaitForTimerAsync(); // busy: a retry is scheduled on the clock, no thread sleeps
        Assert.False(append.IsCompleted);
        Assert.Single(File.ReadAllLines(options.AuditLogPath));

        other.Dispose();
        time.Advance(AuditFileLock.RetryInterval);
        await append.WaitAsync(Patience);
        Assert.Equal(2, File.ReadAllLines(options.AuditLogPath).Length);
    }

    [Fact]
    public async Task Append_WhenTheLockStaysBusyPastTheBound_FailsAsAStorageFault()
    {
        using var dir = new TempDirectory();
        var time = new WatchedClock();
        var (writer, options) = Create(dir, time);
        using var owned = writer;
        await writer.AppendAsync("INFO", AuditLine.OperationBody("FIRST", "a"));
        using var other = HoldLock(options.AuditLogPath);

        var append = writer.AppendAsync("INFO", AuditLine.OperationBody("SECOND", "a"));
        await time.WaitForTimerAsync();
        time.Advance(AuditFileLock.LockWait);

        var fault = await Assert.ThrowsAsync<StorageFaultException>(() => append.WaitAsync(Patience));
        Assert.Equal(StoragePart.AuditLog, fault.Part);
        Assert.Single(File.ReadAllLines(options.AuditLogPath)); // nothing written without the lock
    }

    [Fact]
    public async Task Append_AfterAnotherWriterAppended_ChainsFromItsLine()
    {
        using var dir = new TempDirectory();
        var (a, options) = Create(dir, new WatchedClock());
        var (b, _) = Create(dir, new WatchedClock());
        using (a)
        using (b)
        {
            await a.AppendAsync("INFO", AuditLine.OperationBody("A1", "x"));
            await b.AppendAsync("INFO", AuditLine.OperationBody("B1", "x"));
            await a.AppendAsync("INFO", AuditLine.OperationBody("A2", "x")); // a's cached chain is stale: it reads b's line
        }

        var lines = File.ReadAllLines(options.AuditLogPath);
        Assert.Equal(3, lines.Length);
        var previous = AuditChain.Genesis;
        foreach (var line in lines)
        {
            Assert.True(AuditLine.TryParse(line, out var parts));
            Assert.Equal(AuditChain.Compute(previous, parts.Content), parts.Chain);
            previous = parts.Chain;
        }
    }

    [Fact]
    public async Task Append_MakesTheMissingLogFolder0700_AndAgainAfterItWasDeleted_WithTheChainGoingOn()
    {
        using var dir = new TempDirectory();
        var (writer, options) = Create(dir, new WatchedClock());
        using var owned = writer;
        var folder = Path.GetDirectoryName(options.AuditLogPath)!;
        Assert.False(Directory.Exists(folder));

        await writer.AppendAsync("INFO", AuditLine.OperationBody("FIRST", "x"));
        Assert.True(AuditLine.TryParse(Assert.Single(File.ReadAllLines(options.AuditLogPath)), out var first));
        Directory.Delete(folder, recursive: true); // the folder is no longer checked before each append

        await writer.AppendAsync("INFO", AuditLine.OperationBody("SECOND", "x"));

        Assert.True(AuditLine.TryParse(Assert.Single(File.ReadAllLines(options.AuditLogPath)), out var second));
        Assert.Equal(AuditChain.Compute(first.Chain, second.Content), second.Chain); // SECURITY: the chain goes on
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
    }

    /// <summary>What another process appending does: holds `&lt;log&gt;.lock` exclusively.</summary>
    private static FileStream HoldLock(string logPath) =>
        new(logPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
