using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// Issue 15 item 1: a bad token on a public endpoint is never evaluated; on protected endpoints identical bad tokens
/// share a row with a count (the threshold stays exact), the table is capped and the warning line is throttled.
/// </summary>
public sealed class InvalidTokenFloodTests
{
    private const string TrackerCategory = "RepoOrchestrator.Security.Panic.InvalidTokenTracker";

    [Fact]
    public async Task BadToken_OnPublicEndpoints_RecordsNoEventAndLogsNoWarning()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "3")
            .WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient(BadToken);
        for (var i = 0; i < 1000; i++)
        {
            using var health = await client.GetAsync(Url("/health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using (var root = await client.GetAsync(Url("/")))
        {
            Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        }

        using (var openApi = await client.GetAsync(Url("/openapi.json")))
        {
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        }

        var panic = app.Service<PanicService>();
        Assert.Empty(panic.RecentEvents());
        Assert.False(panic.IsPanicOn());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Invalid", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SameBadToken_RepeatedOnStatus_IsOneRowWhoseCountTripsTheExactThreshold()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_PANIC_AUTH_THRESHOLD", "5");
        await SendBadTokensAsync(app, 4);
        var panic = app.Service<PanicService>();
        Assert.False(panic.IsPanicOn());
        var row = Assert.Single(panic.RecentEvents());
        Assert.Equal(4, row.Count);
        Assert.Equal(4, panic.Status().UnresolvedEvents);

        await SendBadTokensAsync(app, 1);
        Assert.True(panic.IsPanicOn());
        Assert.Equal(5, Assert.Single(panic.RecentEvents()).Count);
        Assert.Equal(5, (await GetEventsAsync(app)).GetProperty("events")[0].GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task SameBadToken_ASecondLater_StartsANewRowAndStillCounts()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_PANIC_AUTH_THRESHOLD", "4");
        await SendBadTokensAsync(app, 2);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await SendBadTokensAsync(app, 1);
        var panic = app.Service<PanicService>();
        Assert.Equal([1L, 2L], panic.RecentEvents().Select(e => e.Count));
        Assert.False(panic.IsPanicOn());
        await SendBadTokensAsync(app, 1);
        Assert.True(panic.IsPanicOn());
    }

    [Theory]
    [InlineData(39, false)]
    [InlineData(40, true)]
    public async Task BadTokens_ConcurrentOnStatus_TripLockdownAtExactlyTheThreshold(int sent, bool expectedOn)
    {
        await using var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "40");
        // Half the same token (aggregated into rows), half distinct tokens: all in flight at once.
        var requests = Enumerable.Range(0, sent).Select(async i =>
        {
            using var client = app.CreateClient(i % 2 == 0 ? BadToken : $"{BadToken}-{i:D2}");
            using var response = await client.GetAsync(Url("/status"));
            return response.StatusCode;
        }).ToArray();
        var statuses = await Task.WhenAll(requests);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable));

        var panic = app.Service<PanicService>();
        Assert.Equal(sent, panic.RecentEvents().Sum(e => e.Count));
        Assert.Equal(expectedOn, panic.IsPanicOn());
    }

    [Fact]
    public async Task InvalidTokenWarning_AFlood_WritesOneLineAMinuteNamingTheRest()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_PANIC_AUTH_THRESHOLD", "1000")
            .WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        await SendBadTokensAsync(app, 50);
        var first = Assert.Single(logs.Entries, e => e.Category == TrackerCategory);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.DoesNotContain(BadToken, first.Message, StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await SendBadTokensAsync(app, 1);
        var lines = logs.Entries.Where(e => e.Category == TrackerCategory).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("49 more", lines[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecurityEvents_ManyDistinctTokensFromManyClients_StayUnderTheCap()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true }.With("ORCH_PANIC_AUTH_THRESHOLD", "1000000");
        var panic = app.Service<PanicService>();
        await panic.RecordInvalidTokenAsync(Sha256Hex("oldest"), "Invalid token on GET /status", null, "192.0.2.1");
        Assert.Equal(1, await panic.ClearPanicAsync("admin:test")); // one resolved row, the oldest: the first to go
        app.Time.Advance(TimeSpan.FromSeconds(1));
        const int Sent = SecurityEventTable.MaxRows + 50;

        // The table fills up as the flood's rows would leave it, in one transaction (ten thousand single-row commits
        // take a minute and test nothing the rows after them do not); the last 51 go through the recorder, and
        // each of them finds the table full.
        const int Prefilled = SecurityEventTable.MaxRows - 1;
        var now = app.Time.GetUtcNow().ToUnixTimeMilliseconds();
        app.Service<RepoOrchestrator.State.StateStore>().Write((c, t) =>
        {
            for (var i = 0; i < Prefilled; i++)
            {
                SecurityEventTable.Insert(c, t, now, PanicService.InvalidTokenEventType, "Invalid token on GET /status", Sha256Hex("t" + i), "anonymous", null, Client(i));
            }
        });
        Assert.Equal((SecurityEventTable.MaxRows, 1L), Rows());

        for (var i = Prefilled; i < Sent; i++)
        {
            await panic.RecordInvalidTokenAsync(Sha256Hex("t" + i), "Invalid token on GET /status", null, Client(i));
        }

        var rows = Rows();
        Assert.Equal(SecurityEventTable.MaxRows, rows.Count);
        Assert.Equal(0, rows.Resolved); // the resolved row went first
        Assert.Equal(Sha256Hex("t" + (Sent - 1)), panic.RecentEvents(1)[0].PayloadHash); // the newest stay

        static string Client(int i) => $"198.51.{i / 250}.{i % 250}";

        (long Count, long Resolved) Rows() => app.Service<RepoOrchestrator.State.StateStore>().Read(c =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), SUM(resolved) FROM security_events";
            using var reader = cmd.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        });
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
        }
    }
}
