using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Threshold, window, resolution and retention rules of panic mode, on a fake clock.</summary>
public sealed class PanicServiceTests
{
    private static OrchestratorApp NewApp() =>
        new OrchestratorApp { UseFakeTime = true }
            .With("ORCH_PANIC_AUTH_THRESHOLD", "5").With("ORCH_PANIC_AUTH_WINDOW_SECONDS", "60")
            .With("ORCH_PANIC_EXCEPTION_THRESHOLD", "3").With("ORCH_PANIC_EXCEPTION_WINDOW_SECONDS", "60");

    private static async Task TriggersAsync(PanicService panic, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await panic.RecordInvalidTokenAsync(Sha256Hex("t" + i), "Invalid token on GET /status", "cid-" + i);
        }
    }

    [Fact]
    public async Task RecordInvalidToken_ThresholdMinusOne_LeavesPanicOff()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 4);
        Assert.False(panic.IsPanicOn());
        Assert.Equal(4, panic.Status().UnresolvedEvents);
    }

    [Fact]
    public async Task RecordInvalidToken_ReachingThreshold_TurnsPanicOnOnceAndAudits()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 4);
        var fifth = await panic.RecordInvalidTokenAsync(Sha256Hex("x"), "Invalid token", "cid");
        Assert.True(fifth.TurnedPanicOn);
        Assert.Equal(5, fifth.CountInWindow);
        Assert.True(panic.IsPanicOn());
        Assert.Equal("2026-01-01T00:00:00.000Z", panic.Status().Since);
        Assert.False((await panic.RecordInvalidTokenAsync(Sha256Hex("y"), "Invalid token", "cid")).TurnedPanicOn); // already on
        Assert.Single(app.Service<AuditLog>().Tail(50), l => l.Contains("OP:PANIC_MODE_ON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordInvalidToken_EventsOutsideWindow_DoNotCount()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 4);
        app.Time.Advance(TimeSpan.FromSeconds(60)); // the first four are now exactly one window old: outside
        var next = await panic.RecordInvalidTokenAsync(Sha256Hex("late"), "Invalid token", "cid");
        Assert.Equal(1, next.CountInWindow);
        Assert.False(panic.IsPanicOn());
        await TriggersAsync(panic, 3);
        Assert.False(panic.IsPanicOn());
        await TriggersAsync(panic, 1); // 5 inside the window
        Assert.True(panic.IsPanicOn());
    }

    [Fact]
    public async Task RecordInvalidToken_ResolvedEvents_DoNotCount()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 4);
        Assert.Equal(4, await panic.ClearPanicAsync("admin:test"));
        await TriggersAsync(panic, 4);
        Assert.False(panic.IsPanicOn());
        await TriggersAsync(panic, 1);
        Assert.True(panic.IsPanicOn());
    }

    [Fact]
    public async Task RecordFailure_CountsOnlyFailuresAgainstItsOwnThreshold()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 4);
        await panic.RecordFailureAsync("InvalidOperationException: a", Sha256Hex(""), "admin:abcd1234", "c1");
        var second = await panic.RecordFailureAsync("InvalidOperationException: b", Sha256Hex(""), "admin:abcd1234", "c2");
        Assert.Equal(2, second.CountInWindow);
        Assert.False(panic.IsPanicOn());
        Assert.True((await panic.RecordFailureAsync("InvalidOperationException: c", Sha256Hex(""), "admin:abcd1234", "c3")).TurnedPanicOn);
    }

    [Fact]
    public async Task PruneExpired_After24Hours_RemovesOldEventsOnly()
    {
        // A service without a host (as the command line builds it), so no pruner loop races the assertions.
        using var home = new TempDirectory("orch-home");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new OrchestratorOptions { Home = home.Path, AuditLogPath = home.Combine("logs", "audit.log") };
        var panic = new PanicService(new StateStore(ServiceHome.From(options)), new AuditLog(AuditSettings.From(options), time), PanicSettings.From(options), time, NullLogger<PanicService>.Instance);
        await TriggersAsync(panic, 3);
        time.Advance(TimeSpan.FromHours(23));
        await TriggersAsync(panic, 1);
        Assert.Equal(0, panic.PruneExpired());
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, panic.PruneExpired());
        var left = Assert.Single(panic.RecentEvents());
        Assert.Equal("2026-01-01T23:00:00.000Z", left.Timestamp);
    }

    [Fact]
    public async Task PrunerLoop_ClockAdvancedPastRetention_PrunesOnItsOwn()
    {
        await using var app = NewApp();
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, 2);
        using var client = app.CreateClient(); // starts the host, and with it the pruner's timer
        var sweep = app.Service<SecurityEventPruner>().NextSweep;
        app.Time.Advance(TimeSpan.FromHours(24) + SecurityEventPruner.Interval);
        await sweep.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(panic.RecentEvents());
    }

    [Fact]
    public async Task RecentEvents_NewestFirstAndCapped()
    {
        await using var app = NewApp().With("ORCH_PANIC_AUTH_THRESHOLD", "1000");
        var panic = app.Service<PanicService>();
        await TriggersAsync(panic, PanicService.MaxListedEvents + 5);
        var events = panic.RecentEvents();
        Assert.Equal(PanicService.MaxListedEvents, events.Count);
        Assert.Equal("cid-" + (PanicService.MaxListedEvents + 4), events[0].CorrelationId);
        Assert.True(events[0].Id > events[1].Id);
    }

    [Fact]
    public void CutReason_LongReason_KeepsTwoHundredCharactersWithoutSplittingAPair()
    {
        Assert.Equal(200, PanicService.CutReason(new string('x', 500)).Length);
        var emoji = new string('x', 199) + "\U0001F600" + "tail";
        Assert.Equal(new string('x', 199), PanicService.CutReason(emoji));
        Assert.Equal("short", PanicService.CutReason("short"));
    }

    [Fact]
    public async Task ClearPanic_FromASecondInstanceOnTheSameHome_TakesEffectOnTheNextRequest()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 5);
        using var anonymous = app.CreateClient();
        using (var locked = await anonymous.GetAsync(Url("/status")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        }

        // What `repo-orchestrator panic clear` does: its own store, audit writer and service, no HttpContext.
        var options = app.Service<OrchestratorOptions>();
        var cli = new PanicService(new StateStore(ServiceHome.From(options)), new AuditLog(AuditSettings.From(options), TimeProvider.System), PanicSettings.From(options), TimeProvider.System, NullLogger<PanicService>.Instance);
        Assert.True(cli.IsPanicOn());
        Assert.Equal(5, await cli.ClearPanicAsync("cli:operator"));
        Assert.False(cli.Status().PanicMode);

        using var after = await anonymous.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(app.Service<AuditLog>().Tail(20), l => l.Contains("OP:PANIC_CLEARED", StringComparison.Ordinal) && l.Contains("ACTOR:cli:operator", StringComparison.Ordinal));
    }
}
