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
        _log = new AuditLog(options, TimeProvider.System);
    }

    private string Current => _log.FilePath;

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Verify_NeverRotated_IsOkFromGenesis()
    {
        Write(3);

        var report = new AuditVerifier(_log).Verify();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(3, report.Lines);
        Assert.StartsWith("The chain starts at genesis", report.Start, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RotatedLog_IsOkFromTheAnchor()
    {
        Write(40);
        Assert.True(File.Exists(Current + ".3"));

        var report = new AuditVerifier(_log).Verify();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(4, report.Files);
        Assert.StartsWith($"Anchor: {Current}.3 line 1,", report.Start, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EmptyLog_IsOk()
    {
        var report = new AuditVerifier(_log).Verify();

        Assert.True(report.Ok);
        Assert.Equal("OK: the audit log is empty (no file written yet).", report.Summary()[0]);
    }

    [Fact]
    public void Verify_EditedLineInBackup_ReportsThatFileAndLine()
    {
        Write(40);
        Edit(Current + ".2", lines => lines[2] = lines[2].Replace("PATH:/repo/", "PATH:/elsewhere/", StringComparison.Ordinal));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.2 line 3 does not chain from {Current}.2 line 2: the line was altered, or a line between them was removed.", report.Problem);
    }

    [Fact]
    public void Verify_EditedChainField_IsReported()
    {
        Write(3);
        Edit(Current, lines => lines[1] = lines[1][..^1] + (lines[1][^1] == '0' ? '1' : '0'));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current} line 2 ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LastLineOfBackupDeleted_ReportsTheFirstLineAfterTheRotationBoundary()
    {
        Write(40);
        Edit(Current + ".1", lines => lines.RemoveAt(lines.Count - 1));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current} line 1 does not chain from {Current}.1 line ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MiddleLineDeleted_ReportsTheLineAfterTheGap()
    {
        Write(40);
        Edit(Current + ".2", lines => lines.RemoveAt(1));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current}.2 line 2 does not chain from {Current}.2 line 1", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WholeBackupFileDeleted_IsReportedAtTheNextFile()
    {
        Write(40);
        File.Delete(Current + ".2");

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {Current}.1 line 1 does not chain from {Current}.3 line ", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SwappedLines_ReportedAsReordered()
    {
        Write(40);
        Edit(Current + ".1", lines => (lines[1], lines[2]) = (lines[2], lines[1]));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.1 line 2 is out of order: it belongs after {Current}.1 line 3 (lines were reordered).", report.Problem);
    }

    [Fact]
    public void Verify_LinesSwappedAcrossRotationBoundary_ReportedAsReordered()
    {
        Write(40);
        var older = File.ReadAllLines(Current + ".2").ToList();
        var newer = File.ReadAllLines(Current + ".1").ToList();
        (older[^1], newer[0]) = (newer[0], older[^1]);
        File.WriteAllLines(Current + ".2", older);
        File.WriteAllLines(Current + ".1", newer);

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current}.2 line {older.Count} is out of order: it belongs after {Current}.1 line 1 (lines were reordered).", report.Problem);
    }

    [Fact]
    public void Verify_HalfLineAtTheEnd_IsExplainedAsAHardKillNotTampering()
    {
        Write(4);
        File.AppendAllText(Current, "2026-01-01T00:00:00.000Z | INFO | OP:READ_SNAP");

        var report = new AuditVerifier(_log).Verify();

        Assert.True(report.Ok, report.Problem);
        Assert.Equal(4, report.Lines);
        Assert.Equal($"Note: {Current} line 5 is incomplete (no line end): a write cut short by a hard kill. It is not part of the chain, and the service removes it before its next write.", report.Note);

        // The next write removes the half line and the chain stays whole.
        Write(1);
        var after = new AuditVerifier(_log).Verify();
        Assert.True(after.Ok, after.Problem);
        Assert.Null(after.Note);
        Assert.Equal(5, after.Lines);
    }

    [Fact]
    public void Verify_HalfLineInsideABackup_IsTampering()
    {
        Write(40);
        var path = Current + ".2";
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..^10]);

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.StartsWith($"TAMPERED: {path} line ", report.Problem, StringComparison.Ordinal);
        Assert.Contains("has no line end", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LineWithoutChainField_IsReported()
    {
        Write(3);
        Edit(Current, lines => lines.Insert(2, "2026-01-01T00:00:00.000Z | INFO | OP:FORGED | PATH:- | RANGE:- | HASH:- | ACTOR:x"));

        var report = new AuditVerifier(_log).Verify();

        Assert.False(report.Ok);
        Assert.Equal($"TAMPERED: {Current} line 3 has no valid CHAIN field: it was altered.", report.Problem);
    }

    [Fact]
    public async Task Verify_WhileWritersAppendAndRotate_NeverReportsAFalseBreak()
    {
        Write(10);
        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Write(60))).ToArray();
        var reports = new List<AuditVerification>();
        while (!writers.All(w => w.IsCompleted))
        {
            reports.Add(new AuditVerifier(_log).Verify());
        }

        await Task.WhenAll(writers);
        reports.Add(new AuditVerifier(_log).Verify());
        Assert.All(reports, r => Assert.True(r.Ok, r.Problem));
    }

    private void Write(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _log.Operation("READ_SNAPSHOT", "admin:0123abcd", $"/repo/file{i}.cs", "1-500", new string('a', 64));
        }
    }

    private static void Edit(string path, Action<List<string>> change)
    {
        var lines = File.ReadAllLines(path).ToList();
        change(lines);
        File.WriteAllLines(path, lines);
    }
}
