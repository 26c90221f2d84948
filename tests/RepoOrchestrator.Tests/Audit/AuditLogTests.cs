using Microsoft.Extensions.Time.Testing;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

public sealed class AuditLogTests
{
    private static (AuditLog Log, OrchestratorOptions Options) Create(TempDirectory dir, long maxBytes = 5_242_880, int backups = 5)
    {
        var options = new OrchestratorOptions
        {
            Home = dir.Path,
            AuditLogPath = dir.Combine("logs", "orchestrator_audit.log"),
            AuditLogMaxBytes = maxBytes,
            AuditLogBackupCount = backups,
        };
        return (new AuditLog(AuditSettings.From(options), new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero))), options);
    }

    [Fact]
    public async Task Operation_WritesSpecLineFormat_WithChain()
    {
        using var dir = new TempDirectory();
        var (log, options) = Create(dir);
        await log.OperationAsync("READ_SNAPSHOT", "admin:0123abcd", "src/a.py", "1-20", "ff00");
        var line = File.ReadAllLines(options.AuditLogPath).Single();
        Assert.StartsWith("2026-05-01T12:00:00.000Z | INFO | OP:READ_SNAPSHOT | PATH:src/a.py | RANGE:1-20 | HASH:ff00 | ACTOR:admin:0123abcd | CHAIN:", line, StringComparison.Ordinal);
        Assert.True(AuditChain.TrySplit(line, out var body, out var chain));
        Assert.Equal(AuditChain.Compute(AuditChain.Genesis, body), chain);
    }

    [Fact]
    public async Task Panic_WritesPanicFormat()
    {
        using var dir = new TempDirectory();
        var (log, options) = Create(dir);
        await log.PanicAsync("corr-1", "abcd", "InvalidOperationException: boom", "anonymous");
        Assert.Contains("| PANIC | ID:corr-1 | HASH:abcd | REASON:InvalidOperationException: boom | ACTOR:anonymous | CHAIN:",
            File.ReadAllText(options.AuditLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_CannotForgeLinesOrFields()
    {
        using var dir = new TempDirectory();
        var (log, options) = Create(dir);
        await log.OperationAsync("READ_SNAPSHOT", "admin:x", "evil\n2026 | INFO | OP:FAKE | PATH:x", "1-2", "h");
        var lines = File.ReadAllLines(options.AuditLogPath);
        Assert.Single(lines);
        Assert.Contains("PATH:evil\\n2026 %7C INFO %7C OP:FAKE %7C PATH:x", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_KeepsBackupCount_AndChainContinues()
    {
        using var dir = new TempDirectory();
        var (log, options) = Create(dir, maxBytes: 1024, backups: 2);
        for (var i = 0; i < 40; i++)
        {
            await log.OperationAsync("TEST", "admin:x", $"file-{i}.txt", "1-1", new string('a', 64));
        }

        Assert.True(File.Exists(options.AuditLogPath + ".1"));
        Assert.True(File.Exists(options.AuditLogPath + ".2"));
        Assert.False(File.Exists(options.AuditLogPath + ".3"));
        foreach (var file in new[] { options.AuditLogPath, options.AuditLogPath + ".1", options.AuditLogPath + ".2" })
        {
            Assert.True(new FileInfo(file).Length <= 1024, $"{file} exceeds the rotation size");
        }

        // Oldest kept to newest: every line chains from the one before, across file boundaries.
        var lines = File.ReadAllLines(options.AuditLogPath + ".2")
            .Concat(File.ReadAllLines(options.AuditLogPath + ".1"))
            .Concat(File.ReadAllLines(options.AuditLogPath)).ToList();
        Assert.True(AuditChain.TrySplit(lines[0], out _, out var previous));
        foreach (var line in lines.Skip(1))
        {
            Assert.True(AuditChain.TrySplit(line, out var body, out var chain));
            Assert.Equal(AuditChain.Compute(previous, body), chain);
            previous = chain;
        }

        Assert.Equal("file-39.txt", log.Tail(1).Single().Split(" | ")[3]["PATH:".Length..]);
    }

    [Fact]
    public async Task HalfLineFromHardKill_IsCutBeforeTheNextAppend()
    {
        using var dir = new TempDirectory();
        var (log, options) = Create(dir);
        await log.OperationAsync("ONE", "admin:x");
        File.AppendAllText(options.AuditLogPath, "2026-05-01T12:00:00.000Z | INFO | OP:HALF");
        var (reopened, _) = Create(dir); // a new process: no cached state
        await reopened.OperationAsync("TWO", "admin:x");
        var lines = File.ReadAllLines(options.AuditLogPath);
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("OP:HALF", StringComparison.Ordinal));
        Assert.True(AuditChain.TrySplit(lines[0], out _, out var first));
        Assert.True(AuditChain.TrySplit(lines[1], out var body, out var second));
        Assert.Equal(AuditChain.Compute(first, body), second);
    }

    [Fact]
    public async Task ConcurrentAppends_FromTwoWriters_StayWholeAndChained()
    {
        using var dir = new TempDirectory();
        var (a, options) = Create(dir);
        var (b, _) = Create(dir);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            for (var j = 0; j < 25; j++)
            {
                await (i % 2 == 0 ? a : b).OperationAsync("TEST", "admin:x", $"w{i}-{j}");
            }
        })));
        var lines = File.ReadAllLines(options.AuditLogPath);
        Assert.Equal(200, lines.Length);
        var previous = AuditChain.Genesis;
        foreach (var line in lines)
        {
            Assert.True(AuditChain.TrySplit(line, out var body, out var chain));
            Assert.Equal(AuditChain.Compute(previous, body), chain);
            previous = chain;
        }
    }

    [Fact]
    public async Task Tail_ReachesIntoTheRotatedFile()
    {
        using var dir = new TempDirectory();
        var (log, _) = Create(dir, maxBytes: 1024, backups: 1);
        for (var i = 0; i < 12; i++)
        {
            await log.OperationAsync("TEST", "admin:x", $"f{i}");
        }

        var tail = log.Tail(8);
        Assert.Equal(8, tail.Count);
        Assert.Contains("PATH:f11 ", tail[^1], StringComparison.Ordinal);
        Assert.Contains("PATH:f4 ", tail[0], StringComparison.Ordinal);
    }
}
