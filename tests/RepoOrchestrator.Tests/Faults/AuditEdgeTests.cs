using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Audit;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// The audit log's edges: verify on a read-only copy with distinct exit codes, a folder in place of the log, a line
/// still being written, actions audited after they took effect, and snapshots a crash left behind.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AuditEdgeTests
{
    [Fact]
    public async Task Verify_ReadOnlyCopy_ChecksWithoutCreatingOrWritingAnything()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        await app.SelectAsync(repo);
        using var copy = new TempDirectory("orch-copy");
        var log = app.Service<AuditLog>().FilePath;
        var copied = copy.Combine("orchestrator_audit.log");
        File.Copy(log, copied);
        File.SetUnixFileMode(copied, UnixFileMode.UserRead);
        File.SetUnixFileMode(copy.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var result = await Infrastructure.Cli.RunAsync(app, "audit", "verify", $"--ORCH_AUDIT_LOG_PATH={copied}");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("OK: 2 lines in 1 file(s) verified", result.OutputLines[0], StringComparison.Ordinal);
            Assert.Equal(["orchestrator_audit.log"], Directory.GetFiles(copy.Path).Select(Path.GetFileName));
        }
        finally
        {
            File.SetUnixFileMode(copy.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Verify_TamperedAndUncheckable_ExitWithDistinctCodes()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        await app.SelectAsync(repo);
        var log = app.Service<AuditLog>().FilePath;
        var lines = await File.ReadAllLinesAsync(log);
        lines[^1] = lines[^1].Replace("OP:SELECT", "OP:SELECX", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(log, lines);

        var tampered = await Infrastructure.Cli.RunAsync(app, "audit", "verify");
        using var folder = new TempDirectory("orch-folder");
        var uncheckable = await Infrastructure.Cli.RunAsync(app, "audit", "verify", $"--ORCH_AUDIT_LOG_PATH={folder.Path}");

        Assert.Equal(AuditExit.Tampered, tampered.ExitCode);
        Assert.StartsWith("TAMPERED: ", Assert.Single(tampered.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(AuditExit.CouldNotCheck, uncheckable.ExitCode);
        Assert.Contains("is a folder", Assert.Single(uncheckable.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPathFolder_WhileRunning_TailAndUiStatusFailInsteadOfShowingNothing()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        var log = app.Service<AuditLog>().FilePath;
        File.Delete(log);
        Directory.CreateDirectory(log);

        using var status = await client.Get("/ui/status");
        var tail = await Infrastructure.Cli.RunAsync(["audit", "tail", $"--ORCH_HOME={app.Home}", $"--ORCH_REPO_ROOT={app.Root}"]);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.StartsWith("The audit log cannot be written: its path is a folder, not a file.", await status.Detail(), StringComparison.Ordinal);
        Assert.NotEqual(0, tail.ExitCode);
        Assert.Contains("is a folder", Assert.Single(tail.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfLine_AtTheEnd_IsNeverShownByTailOrUiStatus()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Admin);
        var log = app.Service<AuditLog>().FilePath;
        var complete = File.ReadLines(log).Last();
        await File.AppendAllTextAsync(log, "2026-01-01T00:00:00.000Z | INFO | OP:HALF_WRITTEN | PATH:-");

        using var status = await client.Get("/ui/status");
        var tail = await Infrastructure.Cli.RunAsync(app, "audit", "tail", "-n", "5");

        Assert.Equal(complete, (await status.Json()).GetProperty("last_audit_line").GetString());
        Assert.Equal(0, tail.ExitCode);
        Assert.Equal(complete, tail.OutputLines[^1]);
        Assert.DoesNotContain("HALF_WRITTEN", tail.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_WhenTheChangeFails_IsAuditedAsFailedNeverAsDone()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        using var admin = app.CreateClient(TestRole.Admin);
        app.Service<StateStore>().BeforeWrite = () => throw new SqliteException("database or disk is full", 13);

        using var refused = await admin.PostAsync(new Uri($"/ui/repos/select?path={repo.Name}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        Assert.Empty(app.AuditLines("SELECT"));
        var failed = Assert.Single(app.AuditLines("SELECT_FAILED"));
        Assert.Contains("| WARNING |", failed, StringComparison.Ordinal);
        Assert.Contains("RANGE:state_store", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRotate_WhenTheWriteFails_IsAuditedAsFailedNeverAsDone()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        using (app.CreateClient())
        {
        }

        var tokenFile = Path.Combine(app.Home, ".orch_token");
        var before = await File.ReadAllTextAsync(tokenFile);
        var blocker = Path.Combine(app.Home, "blocked");
        await File.WriteAllTextAsync(blocker, "a file where the token's folder should be");

        var result = await Infrastructure.Cli.RunAsync(app, "token", "rotate", $"--ORCH_TOKEN_FILE={Path.Combine(blocker, "token")}");
        var ok = await Infrastructure.Cli.RunAsync(app, "token", "rotate");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(app.AuditLines("TOKEN_ROTATE_FAILED"));
        Assert.Equal(0, ok.ExitCode);
        Assert.NotEqual(before, await File.ReadAllTextAsync(tokenFile));
        Assert.Single(app.AuditLines("TOKEN_ROTATE"));
    }

    [Fact]
    public async Task Start_SnapshotsLeftByACrash_AreSweptBeforeServing()
    {
        using var temp = new TempDirectory("orch-crash");
        var home = temp.Combine("home");
        var snapshots = Directory.CreateDirectory(Path.Combine(home, ".orch_snapshots")).FullName;
        var old = Path.Combine(snapshots, new string('a', 64));
        var temporary = Path.Combine(snapshots, ".tmp-" + Guid.NewGuid().ToString("N"));
        foreach (var file in new[] { old, temporary })
        {
            await File.WriteAllTextAsync(file, "secret copy from before the crash");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }

        await using var app = new OrchestratorApp(temp.Path, home);
        using (app.CreateClient())
        {
        }

        Assert.False(File.Exists(old));
        Assert.False(File.Exists(temporary));
    }

    private static class AuditExit
    {
        public const int Tampered = 1;
        public const int CouldNotCheck = 3;
    }
}
