using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>The hash chain of SPEC 12 across rotated files: clean logs verify, every kind of tampering is found.</summary>
public sealed class AuditVerifierTests : IDisposable
{
    private readonly TempDirectory _home = new("orch-audit");
    private readonly AuditLog _log;

    public AuditVerifierTests()
    {
        var options = new OrchestratorOptions
        {
            AuditLogPath = _home.Combine("logs", "orchestrator_audit.log"),
            AuditLogMaxBytes = 1024, // four lines a file: many rotations from a few writes
            AuditLogBackupCount = 3,
        };
        _log = new AuditLog(AuditSettings.From(options), TimeProvider.System);
    }

    private string Current => _log.FilePath;

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Verify_NeverRotated_IsOkFromGenesis()
    {
        await WriteAsync(3);

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(3, report.Lines);
        Assert.StartsWith("The chain starts at genesis", report.Start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RotatedLog_IsOkFromTheAnchor()
    {
        await WriteAsync(40);
        Assert.True(File.Exists(Current + ".3"));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(4, report.Files);
        Assert.StartsWith($"Anchor: {Current}.3 line 1,", report.Start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EmptyLog_IsOk()
    {
        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.True(report.Ok);
        Assert.Equal("OK: the audit log is empty (no file written yet).", report.Summary()[0]);
    }

    [Fact]
    public async Task Verify_EditedLineInBackup_ReportsThatFileAndLine()
    {
        await WriteAsync(40);
        Edit(Current + ".2", lines => lines[2] = lines[2].Replace("PATH:/repo/", "PATH:/elsewhere/", StringComparison.Ordinal));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.2 line 3 does not chain from {Current}.2 line 2: the line was altered, or a line between them was removed.", report.Problem);
    }

    [Fact]
    public async Task Verify_EditedChainField_IsReported()
    {
        await WriteAsync(3);
        Edit(Current, lines => lines[1] = lines[1][..^1] + (lines[1][^1] == '0' ? '1' : '0'));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current} line 2 ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LastLineOfBackupDeleted_ReportsTheFirstLineAfterTheRotationBoundary()
    {
        await WriteAsync(40);
        Edit(Current + ".1", lines => lines.RemoveAt(lines.Count - 1));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current} line 1 does not chain from {Current}.1 line ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MiddleLineDeleted_ReportsTheLineAfterTheGap()
    {
        await WriteAsync(40);
        Edit(Current + ".2", lines => lines.RemoveAt(1));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current}.2 line 2 does not chain from {Current}.2 line 1", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WholeBackupFileDeleted_IsReportedAtTheNextFile()
    {
        await WriteAsync(40);
        File.Delete(Current + ".2");

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current}.1 line 1 does not chain from {Current}.3 line ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SwappedLines_ReportedAsReordered()
    {
        await WriteAsync(40);
        Edit(Current + ".1", lines => (lines[1], lines[2]) = (lines[2], lines[1]));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.1 line 2 is out of order: it belongs after {Current}.1 line 3 (lines were reordered).", report.Problem);
    }

    [Fact]
    public async Task Verify_LinesSwappedAcrossRotationBoundary_ReportedAsReordered()
    {
        await WriteAsync(40);
        var older = File.ReadAllLines(Current + ".2").ToList();
        var newer = File.ReadAllLines(Current + ".1").ToList();
        (older[^1], newer[0]) = (newer[0], older[^1]);
        File.WriteAllLines(Current + ".2", older);
        File.WriteAllLines(Current + ".1", newer);

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.2 line {older.Count} is out of order: it belongs after {Current}.1 line 1 (lines were reordered).", report.Problem);
    }

    [Fact]
    public async Task Verify_HalfLineAtTheEnd_IsExplainedAsAHardKillNotTampering()
    {
        await WriteAsync(4);
        File.AppendAllText(Current, "2026-01-01T00:00:00.000Z | INFO | OP:READ_SNAP");

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(4, report.Lines);
        Assert.Equal($"Note: {Current} line 5 is incomplete (no line end): a write cut short by a hard kill. It is not part of the chain, and the service removes it before its next write.", report.Note);

        // The next write removes the half line and the chain stays whole.
        await WriteAsync(1);
        var after = await new AuditVerifier(_log).VerifyAsync();
        Assert.True(after.Ok, after.Problem);
        Assert.Null(after.Note);
        Assert.Equal(5, after.Lines);
    }

    [Fact]
    public async Task Verify_HalfLineInsideABackup_IsTampering()
    {
        await WriteAsync(40);
        var path = Current + ".2";
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..^10]);

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {path} line ", report.Problem, StringComparison.Ordinal);
        Assert.Contains("has no line end", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LineWithoutChainField_IsReported()
    {
        await WriteAsync(3);
        Edit(Current, lines => lines.Insert(2, "2026-01-01T00:00:00.000Z | INFO | OP:FORGED | PATH:- | RANGE:- | HASH:- | ACTOR:x"));

        var report = await new AuditVerifier(_log).VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current} line 3 has no valid CHAIN field: it was altered.", report.Problem);
    }

    [Fact]
    public async Task Verify_WhileWritersAppendAndRotate_NeverReportsAFalseBreak()
    {
        await WriteAsync(10);
        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => WriteAsync(60))).ToArray();
        var reports = new List<AuditVerification>();
        while (!writers.All(w => w.IsCompleted))
        {
            reports.Add(await new AuditVerifier(_log).VerifyAsync());
        }

        await Task.WhenAll(writers);
        reports.Add(await new AuditVerifier(_log).VerifyAsync());
        Assert.All(reports, r => Assert.True(r.Ok, r.Problem));
    }

    private async Task WriteAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _log.OperationAsync("READ_SNAPSHOT", "admin:0123abcd", $"/repo/file{i}.cs", "1-500", new string('a', 64));
        }
    }

    private static void Edit(string path, Action<List<string>> change)
    {
        var lines = File.ReadAllLines(path).ToList();
        change(lines);
        File.WriteAllLines(path, lines);
    }
}
