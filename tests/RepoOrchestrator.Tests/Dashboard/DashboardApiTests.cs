using System.Net;
using System.Text.Json;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The server pieces of the truthful dashboard: status state, one-event resolve/dismiss, streamed audit export.</summary>
public sealed class DashboardApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task UiStatus_InLockdown_SaysLockdownAndIgnoresUserAgent()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 5);
        using var admin = app.CreateClient(TestRole.Admin);
        admin.DefaultRequestHeaders.UserAgent.ParseAdd("openai-gpt/1.0");

        var body = await JsonAsync(await admin.GetAsync(Url("/ui/status")));

        Assert.True(body.GetProperty("panic_mode").GetBoolean());
        Assert.Equal("LOCKDOWN", body.GetProperty("state").GetString());
        Assert.Equal("foreground", body.GetProperty("run_mode").GetString());
        Assert.StartsWith("http", body.GetProperty("service_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiStatus_AsReader_HasNoServiceUrl()
    {
        await using var app = new OrchestratorApp();
        using var reader = app.CreateClient(TestRole.Actions);

        var body = await JsonAsync(await reader.GetAsync(Url("/ui/status")));

        Assert.Equal(JsonValueKind.Null, body.GetProperty("service_url").ValueKind);
        Assert.Equal("RUNNING", body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ResolveOneEvent_OutsideLockdown_MarksItResolvedAndAudits()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 1);
        Assert.False(app.Service<PanicService>().IsPanicOn());
        var id = app.Service<PanicService>().RecentEvents()[0].Id;
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url($"/ui/security/resolve?action=resolve&id={id}"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(app.Service<PanicService>().RecentEvents()[0].Resolved);
        Assert.Contains(app.Service<RepoOrchestrator.Audit.AuditLog>().Tail(5), l => l.Contains("OP:SECURITY_EVENT_RESOLVED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DismissOneEvent_RemovesItFromTheList_UnknownIdIs404_BadIdIs400()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 1);
        var id = app.Service<PanicService>().RecentEvents()[0].Id;
        using var admin = app.CreateClient(TestRole.Admin);

        using var dismissed = await admin.PostAsync(Url($"/ui/security/resolve?action=dismiss&id={id}"), null);
        using var again = await admin.PostAsync(Url($"/ui/security/resolve?action=dismiss&id={id}"), null);
        using var bad = await admin.PostAsync(Url("/ui/security/resolve?action=resolve&id=-1"), null);

        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Empty(app.Service<PanicService>().RecentEvents());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'id'", (await ProblemAsync(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditExport_WholeLogAndRange_StreamsLinesAsWritten()
    {
        await using var app = new OrchestratorApp();
        var audit = app.Service<RepoOrchestrator.Audit.AuditLog>();
        await audit.OperationAsync("TEST_ONE", "admin:x");
        await audit.OperationAsync("TEST_TWO", "admin:x");
        using var admin = app.CreateClient(TestRole.Admin);

        var all = await admin.GetStringAsync(Url("/ui/audit/export"));
        var none = await admin.GetStringAsync(Url("/ui/audit/export?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z"));
        using var reversed = await admin.GetAsync(Url("/ui/audit/export?from=2001-01-01T00:00:00Z&to=2000-01-01T00:00:00Z"));
        using var garbage = await admin.GetAsync(Url("/ui/audit/export?from=yesterday"));

        Assert.Contains("OP:TEST_ONE", all, StringComparison.Ordinal);
        Assert.Contains("OP:TEST_TWO", all, StringComparison.Ordinal);
        Assert.Contains("CHAIN:", all, StringComparison.Ordinal);
        Assert.DoesNotContain("OP:TEST_ONE", none, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }
}
