using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using RepoOrchestrator.Tests.Security;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// A state store deleted, emptied or corrupted: lockdown never silently comes back as off, and /health says which
/// part is unusable while requests are refused.
/// </summary>
public sealed class StateLossTests
{
    [Theory]
    [InlineData("deleted")]
    [InlineData("emptied")]
    public async Task Restart_StoreLostWhileLockdownOn_StartsInLockdownLoggedAndAudited(string how)
    {
        using var temp = new TempDirectory("orch-loss");
        var home = temp.Combine("home");
        await using (var first = new OrchestratorApp(temp.Path, home))
        {
            await SecurityApi.SendBadTokensAsync(first, 5);
            Assert.True(first.Service<PanicService>().IsPanicOn());
        }

        SqliteConnection.ClearAllPools();
        LoseStore(Path.Combine(home, "orchestrator.db"), how);

        await using var second = new OrchestratorApp(temp.Path, home);
        using var anonymous = second.CreateClient();
        using var locked = await anonymous.Get("/status");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal(SecurityApi.LockdownDetail, await locked.Detail());
        Assert.True(second.Service<PanicService>().Status().PanicMode);
        var restored = second.AuditLines("PANIC_MODE_ON")[^1];
        Assert.Contains("RANGE:restored-from-audit-log", restored, StringComparison.Ordinal);
        Assert.Contains("| CRITICAL |", restored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_StoreLostAfterLockdownCleared_StartsWithoutLockdown()
    {
        using var temp = new TempDirectory("orch-loss");
        var home = temp.Combine("home");
        await using (var first = new OrchestratorApp(temp.Path, home))
        {
            await SecurityApi.SendBadTokensAsync(first, 5);
            await first.Service<PanicService>().ClearPanicAsync("test");
        }

        SqliteConnection.ClearAllPools();
        LoseStore(Path.Combine(home, "orchestrator.db"), "deleted");

        await using var second = new OrchestratorApp(temp.Path, home);
        using var client = second.CreateClient(TestRole.Actions);

        Assert.False(second.Service<PanicService>().IsPanicOn());
        Assert.DoesNotContain(second.AuditLines("PANIC_MODE_ON"), l => l.Contains("restored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_StoreDeletedWhileRunning_Is503AndLockdownFailsClosed()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var anonymous = app.CreateClient();
        using (var before = await anonymous.Get("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(app.Home, "orchestrator.db*"))
        {
            File.Delete(file);
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using var health = await anonymous.Get("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("state_store", (await health.Json()).GetProperty("failing").GetString());

        // Without a valid token the lockdown flag cannot be read: refused (503), never let through, never a 500.
        using var status = await app.CreateClient(SecurityApi.BadToken).Get("/status");
        Assert.True(status.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Unauthorized, status.StatusCode.ToString());
        Assert.False(File.Exists(Path.Combine(app.Home, "orchestrator.db")), "the store must not be recreated empty while running");
    }

    [Fact]
    public async Task Request_StoreCorruptedWhileRunning_Is503NamingTheStoreAndHealthAgrees()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        var repo = app.CreateRepo();
        using var admin = app.CreateClient(TestRole.Admin);
        using var anonymous = app.CreateClient();
        // A page found damaged at run time (the start-up check reads every page; a disk can still fail later).
        app.Service<RepoOrchestrator.State.StateStore>().BeforeWrite = () => throw new SqliteException("database disk image is malformed", 11);
        using var select = await admin.PostAsync(new Uri($"/ui/repos/select?path={repo.Name}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, select.StatusCode);
        Assert.StartsWith("The state store cannot be used: the database file is corrupt.", await select.Detail(), StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using var health = await anonymous.Get("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("state_store", (await health.Json()).GetProperty("failing").GetString());
    }

    [Theory]
    [InlineData("audit-folder", "audit_log")]
    [InlineData("snapshots-file", "snapshot_folder")]
    public async Task Health_PartUnusableWhileRunning_Is503NamingIt(string fault, string part)
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var anonymous = app.CreateClient();
        var snapshots = Path.Combine(app.Home, ".orch_snapshots");
        if (fault == "audit-folder")
        {
            var audit = app.Service<RepoOrchestrator.Audit.AuditLog>().FilePath;
            File.Delete(audit);
            Directory.CreateDirectory(audit);
        }
        else
        {
            if (Directory.Exists(snapshots))
            {
                Directory.Delete(snapshots, recursive: true);
            }

            await File.WriteAllTextAsync(snapshots, "x");
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using var health = await anonymous.Get("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(part, (await health.Json()).GetProperty("failing").GetString());
    }

    private static void LoseStore(string db, string how)
    {
        foreach (var journal in new[] { db + "-wal", db + "-shm", db + "-journal" })
        {
            File.Delete(journal);
        }

        // Emptied = a zero-byte file at the same path. It is a new file, not the old one truncated in place: a pooled
        // connection of the stopped service that closes late (a checkpoint) then writes to the old, unlinked file
        // instead of putting half a database into the emptied one (which start-up rightly refuses as corrupt).
        File.Delete(db);
        if (how == "emptied")
        {
            File.WriteAllBytes(db, []);
        }
    }
}
