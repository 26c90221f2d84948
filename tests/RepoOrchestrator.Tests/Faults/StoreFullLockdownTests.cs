using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using RepoOrchestrator.Tests.Security;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// Bad tokens while the state store, the audit log or both cannot be written (a full disk injected where each owner
/// writes, as <see cref="DiskFullTests"/> does): lockdown turns on at exactly the threshold, not before and not after,
/// whichever file filled up; a lockdown the store could not record is held in memory and reaches the store (and the
/// audit log) by itself once they can be written, so a restart keeps it; and nothing is counted twice.
/// </summary>
public sealed class StoreFullLockdownTests
{
    private const int Threshold = 5;

    [Fact]
    public async Task BadTokens_StateStoreFull_LockdownAtExactlyTheThresholdHeldThenPersisted()
    {
        using var temp = new TempDirectory("orch-storefull");
        var home = temp.Combine("home");
        await using (var app = new OrchestratorApp(temp.Path, home) { UseFakeTime = true })
        {
            using var anonymous = app.CreateClient();
            StoreFull(app, true);

            await SendBadTokensOneByOneAsync(app, anonymous, Threshold - 1); // not before
            await SendBadTokensAsync(app, 1);
            await AssertLockedAsync(anonymous);

            using (var health = await anonymous.Get("/health"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.Equal("state_store", (await health.Json()).GetProperty("failing").GetString());
            }

            Assert.Equal((null, 0), Stored(app));
            Assert.Single(app.AuditLines("PANIC_MODE_ON")); // the audit log could be written: the turn-on is there

            StoreFull(app, false);
            app.Time.Advance(PanicService.FlushInterval);
            await AssertLockedAsync(anonymous); // an anonymous request writes what memory held

            Assert.Equal(("1", Threshold), Stored(app)); // flag persisted, every event once
            Assert.False(app.Service<PanicService>().HoldsUnrecorded);
            Assert.Single(app.AuditLines("PANIC_MODE_ON"));
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = new OrchestratorApp(temp.Path, home);
        Assert.True(restarted.Service<PanicService>().IsPanicOn());
        using var again = restarted.CreateClient();
        await AssertLockedAsync(again);
    }

    [Fact]
    public async Task BadTokens_StoreFullPartway_StoredAndHeldCountOnceAfterRecovery()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_PANIC_AUTH_THRESHOLD", "6");
        using var anonymous = app.CreateClient();
        await SendBadTokensOneByOneAsync(app, anonymous, 2);
        StoreFull(app, true);
        await SendBadTokensOneByOneAsync(app, anonymous, 2); // 2 stored + 2 held

        StoreFull(app, false);
        app.Time.Advance(PanicService.FlushInterval);
        await SendBadTokensOneByOneAsync(app, anonymous, 1); // the flush; 5 of 6, counted once each
        Assert.Equal((null, 5), Stored(app));

        await SendBadTokensAsync(app, 1);
        await AssertLockedAsync(anonymous);
        Assert.Equal(("1", 6), Stored(app));
    }

    [Fact]
    public async Task BadTokens_StoreFull_HeldEventsLeaveTheWindowLikeStoredOnes()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var anonymous = app.CreateClient();
        StoreFull(app, true);
        await SendBadTokensOneByOneAsync(app, anonymous, Threshold - 1);

        app.Time.Advance(TimeSpan.FromSeconds(61)); // past ORCH_PANIC_AUTH_WINDOW_SECONDS (60)
        await SendBadTokensOneByOneAsync(app, anonymous, Threshold - 1);
        await SendBadTokensAsync(app, 1);

        await AssertLockedAsync(anonymous);
    }

    [Fact]
    public async Task BadTokens_AuditLogFull_LockdownAtExactlyTheThresholdAndItsLineWrittenLater()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var anonymous = app.CreateClient();
        app.Service<AuditLog>().BeforeWrite = () => throw DiskFullTests.DiskFull();

        await SendBadTokensOneByOneAsync(app, anonymous, Threshold - 1);
        await SendBadTokensAsync(app, 1);
        await AssertLockedAsync(anonymous);
        Assert.Equal(("1", Threshold), Stored(app));
        Assert.Empty(app.AuditLines("PANIC_MODE_ON"));

        app.Service<AuditLog>().BeforeWrite = null;
        app.Time.Advance(PanicService.FlushInterval);
        await AssertLockedAsync(anonymous);

        var line = Assert.Single(app.AuditLines("PANIC_MODE_ON"));
        Assert.Contains($"RANGE:PANIC_TRIGGERx{Threshold}/60s", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadTokens_StoreAndAuditLogFull_LockdownHeldInMemoryThenWrittenToBoth()
    {
        using var temp = new TempDirectory("orch-storefull");
        var home = temp.Combine("home");
        await using (var app = new OrchestratorApp(temp.Path, home) { UseFakeTime = true })
        {
            using var anonymous = app.CreateClient();
            StoreFull(app, true);
            app.Service<AuditLog>().BeforeWrite = () => throw DiskFullTests.DiskFull();

            await SendBadTokensOneByOneAsync(app, anonymous, Threshold - 1);
            await SendBadTokensAsync(app, 1);
            await AssertLockedAsync(anonymous);
            Assert.Equal((null, 0), Stored(app));
            Assert.Empty(app.AuditLines("PANIC_MODE_ON"));

            StoreFull(app, false);
            app.Service<AuditLog>().BeforeWrite = null;
            app.Time.Advance(PanicService.FlushInterval);
            await AssertLockedAsync(anonymous);

            Assert.Equal(("1", Threshold), Stored(app));
            Assert.Single(app.AuditLines("PANIC_MODE_ON"));
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = new OrchestratorApp(temp.Path, home);
        using var again = restarted.CreateClient();
        await AssertLockedAsync(again);
    }

    [Fact]
    public async Task Pruner_StoreWritableAgainWithoutRequests_WritesTheHeldLockdown()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        StoreFull(app, true);
        await SendBadTokensAsync(app, Threshold);
        Assert.True(app.Service<PanicService>().HoldsUnrecorded);

        StoreFull(app, false);
        var sweep = app.Service<SecurityEventPruner>().NextSweep;
        app.Time.Advance(SecurityEventPruner.Interval);
        await sweep;

        Assert.Equal(("1", Threshold), Stored(app));
    }

    [Fact]
    public async Task Clear_HeldLockdown_RefusedWhileStoreFullThenClearsHeldEventsForGood()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var admin = app.CreateClient(TestRole.Admin);
        using var anonymous = app.CreateClient();
        StoreFull(app, true);
        await SendBadTokensAsync(app, Threshold);

        using (var refused = await SecurityApi.PostResolveAsync(admin, SecurityEndpoints.ClearPanicAction))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        }

        await AssertLockedAsync(anonymous);

        StoreFull(app, false);
        using (var cleared = await SecurityApi.PostResolveAsync(admin, SecurityEndpoints.ClearPanicAction))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
            Assert.Equal(Threshold, (await cleared.Json()).GetProperty("resolved_events").GetInt32());
        }

        app.Time.Advance(PanicService.FlushInterval);
        using (var open = await anonymous.Get("/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        }

        Assert.Equal(("0", 0), Stored(app)); // the held events were written resolved; none comes back to count
        Assert.Equal(Threshold, app.Service<PanicService>().RecentEvents().Where(e => e.Resolved).Sum(e => e.Count));
        var lines = app.Service<AuditLog>().Tail(1000)
            .Where(l => l.Contains("| OP:PANIC_MODE_ON |", StringComparison.Ordinal) || l.Contains("| OP:PANIC_CLEARED |", StringComparison.Ordinal)).ToList();
        Assert.Contains("OP:PANIC_MODE_ON", lines[^2], StringComparison.Ordinal);
        Assert.Contains("OP:PANIC_CLEARED", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_StoppedWhileLockdownHeldAfterAnEarlierClear_StartsInLockdownFromTheAuditLog()
    {
        using var temp = new TempDirectory("orch-storefull");
        var home = temp.Combine("home");
        await using (var app = new OrchestratorApp(temp.Path, home) { UseFakeTime = true })
        {
            await SendBadTokensAsync(app, Threshold);
            await app.Service<PanicService>().ClearPanicAsync("test"); // the store's flag is now off, not absent
            app.Time.Advance(TimeSpan.FromSeconds(1));
            StoreFull(app, true);
            await SendBadTokensAsync(app, Threshold);
            Assert.Equal(("0", 0), Stored(app)); // held in memory and audited, never in the store: the disk stays full until the stop
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = new OrchestratorApp(temp.Path, home);
        using var anonymous = restarted.CreateClient();
        await AssertLockedAsync(anonymous);
        Assert.Equal("1", Stored(restarted).Flag);
        Assert.Contains("RANGE:restored-from-audit-log", restarted.AuditLines("PANIC_MODE_ON")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ClearNewerThanTheLastLockdownLine_StaysOffThoughItsAuditLineFailed()
    {
        using var temp = new TempDirectory("orch-storefull");
        var home = temp.Combine("home");
        await using (var app = new OrchestratorApp(temp.Path, home) { UseFakeTime = true })
        {
            await SendBadTokensAsync(app, Threshold);
            app.Time.Advance(TimeSpan.FromSeconds(1));
            app.Service<AuditLog>().BeforeWrite = () => throw DiskFullTests.DiskFull();
            await Assert.ThrowsAsync<RepoOrchestrator.Errors.StorageFaultException>(() => app.Service<PanicService>().ClearPanicAsync("test"));
            app.Service<AuditLog>().BeforeWrite = null;
            Assert.Equal("0", Stored(app).Flag); // committed; only its PANIC_CLEARED line is missing
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = new OrchestratorApp(temp.Path, home);
        using var anonymous = restarted.CreateClient();
        using var open = await anonymous.Get("/status");
        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.DoesNotContain(restarted.AuditLines("PANIC_MODE_ON"), l => l.Contains("restored", StringComparison.Ordinal));
    }

    internal static void StoreFull(OrchestratorApp app, bool full) =>
        app.Service<StateStore>().BeforeWrite = full ? () => throw new SqliteException("database or disk is full", 13) : null;

    /// <summary>Bad tokens one at a time, each answered 401, and lockdown still off after each (anonymous callers get 401).</summary>
    internal static async Task SendBadTokensOneByOneAsync(OrchestratorApp app, HttpClient anonymous, int count)
    {
        using var bad = app.CreateClient(SecurityApi.BadToken);
        for (var i = 0; i < count; i++)
        {
            using var response = await bad.Get("/status");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var open = await anonymous.Get("/status");
            Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        }
    }

    private static Task SendBadTokensAsync(OrchestratorApp app, int count) => SecurityApi.SendBadTokensAsync(app, count);

    internal static async Task AssertLockedAsync(HttpClient anonymous)
    {
        using var locked = await anonymous.Get("/status");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal(SecurityApi.LockdownDetail, await locked.Detail());
    }

    /// <summary>The store's lockdown flag and its unresolved `PANIC_TRIGGER` events, read from the file by a connection of the test's own.</summary>
    internal static (string? Flag, long Unresolved) Stored(OrchestratorApp app)
    {
        var path = app.Service<StateStore>().DatabasePath;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var flag = connection.CreateCommand();
        flag.CommandText = "SELECT value FROM settings WHERE key = 'panic_mode'";
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COALESCE(SUM(count), 0) FROM security_events WHERE type = 'PANIC_TRIGGER' AND resolved = 0";
        return (flag.ExecuteScalar() as string, (long)count.ExecuteScalar()!);
    }
}
