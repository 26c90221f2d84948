using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// A full disk, injected where each owner writes (the audit writer, the snapshot store, the state store): the read
/// is refused with 507 and a detail naming the part, it is not a PANIC failure, /health says so while it lasts,
/// and everything works again as soon as the writes succeed, without a restart.
/// </summary>
public sealed class DiskFullTests
{
    private const string BadToken = "wrong-token-but-long-enough-0123456789";

    public static TheoryData<string, string> Parts => new()
    {
        { "audit", "The audit log cannot be written: no space left on device." },
        { "snapshot", "The snapshot folder cannot be written: no space left on device." },
    };

    [Theory]
    [MemberData(nameof(Parts))]
    public async Task Read_DiskFull_Is507NamingTheCauseNotAPanicAndRecoversByItself(string part, string detail)
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.RepoWith(("a.txt", "hello\n"));
        using var client = app.CreateClient(TestRole.Actions);
        using var anonymous = app.CreateClient();
        Fill(app, part, full: true);

        for (var i = 0; i < app.Service<RepoOrchestrator.Configuration.OrchestratorOptions>().PanicExceptionThreshold + 2; i++)
        {
            using var refused = await client.Get("/file?path=a.txt");
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith(detail, await refused.Detail(), StringComparison.Ordinal);
        }

        using (var health = await anonymous.Get("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var body = await health.Json();
            Assert.Equal(part == "audit" ? "audit_log" : "snapshot_folder", body.GetProperty("failing").GetString());
            Assert.StartsWith(detail, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var panic = app.Service<PanicService>();
        Assert.False(panic.IsPanicOn());
        Assert.Empty(panic.RecentEvents());
        Assert.DoesNotContain(File.ReadLines(app.Service<AuditLog>().FilePath), l => l.Contains("| PANIC |", StringComparison.Ordinal));

        Fill(app, part, full: false);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        using (var health = await anonymous.Get("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("{\"status\":\"ok\"}", await health.Content.ReadAsStringAsync());
        }

        using var served = await client.Get("/file?path=a.txt");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("hello\n", await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WhileFaultLasts_IsCheckedAtMostOncePerSecond()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.RepoWith(("a.txt", "hello\n"));
        using var client = app.CreateClient(TestRole.Actions);
        using var anonymous = app.CreateClient();
        var probes = 0;
        app.Service<AuditLog>().BeforeWrite = () =>
        {
            probes++;
            throw DiskFull();
        };
        using (await client.Get("/file?path=a.txt"))
        {
        }

        var before = probes;
        for (var i = 0; i < 20; i++)
        {
            using var health = await anonymous.Get("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        Assert.Equal(before + 1, probes); // one probe write for twenty health requests inside one second
    }

    [Fact]
    public async Task BadToken_StateStoreFull_Is401Or503AfterLockdownNot500()
    {
        await using var app = new OrchestratorApp();
        using var bad = app.CreateClient(BadToken);
        app.Service<StateStore>().BeforeWrite = () => throw new SqliteException("database or disk is full", 13);

        for (var i = 0; i < 8; i++)
        {
            // 401, then 503 once the fifth has turned lockdown on (held in memory: see StoreFullLockdownTests), never a 500.
            using var response = await bad.Get("/status");
            Assert.True(
                response.StatusCode == HttpStatusCode.Unauthorized || (i >= 4 && response.StatusCode == HttpStatusCode.ServiceUnavailable),
                $"request {i + 1}: {response.StatusCode}");
        }

        using var health = await app.CreateClient().Get("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("state_store", (await health.Json()).GetProperty("failing").GetString());
    }

    [Fact]
    public async Task BadTokens_AuditLogFull_Are401Or503NeverA500()
    {
        await using var app = new OrchestratorApp();
        using var bad = app.CreateClient(BadToken);
        app.Service<AuditLog>().BeforeWrite = () => throw DiskFull();

        for (var i = 0; i < 8; i++)
        {
            // The threshold's PANIC_MODE_ON line cannot be written: lockdown still turns on (the store works), no 500.
            using var response = await bad.Get("/status");
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable, response.StatusCode.ToString());
        }

        Assert.True(app.Service<PanicService>().IsPanicOn());
    }

    [Fact]
    public async Task AdminAction_StateStoreFull_Is507AndLeavesNoPanicEvent()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        using var admin = app.CreateClient(TestRole.Admin);
        app.Service<StateStore>().BeforeWrite = () => throw new SqliteException("database or disk is full", 13);

        using var response = await admin.PostAsync(new Uri($"/ui/repos/select?path={repo.Name}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.StartsWith("The state store cannot be used: no space left on device.", await response.Detail(), StringComparison.Ordinal);
        app.Service<StateStore>().BeforeWrite = null;
        Assert.Empty(app.Service<PanicService>().RecentEvents());
    }

    [Fact]
    public async Task Read_OtherIoFault_Is503()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "hello\n"));
        using var client = app.CreateClient(TestRole.Actions);
        app.Service<AuditLog>().BeforeWrite = () => throw new IOException("Input/output error", 5);

        using var response = await client.Get("/file?path=a.txt");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("The audit log cannot be written: an I/O error.", await response.Detail(), StringComparison.Ordinal);
    }

    internal static IOException DiskFull() => new("No space left on device", 28);

    private static void Fill(OrchestratorApp app, string part, bool full)
    {
        Action? fault = full ? () => throw DiskFull() : null;
        if (part == "audit")
        {
            app.Service<AuditLog>().BeforeWrite = fault;
        }
        else
        {
            app.Service<SnapshotStore>().BeforeWrite = fault;
        }
    }
}
