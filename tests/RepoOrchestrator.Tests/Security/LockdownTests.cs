using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>What lockdown refuses, what it lets through, how it survives a restart and how it is cleared.</summary>
public sealed class LockdownTests
{
    private static async Task LockDownAsync(OrchestratorApp app)
    {
        await SendBadTokensAsync(app, 5);
        Assert.True(app.Service<PanicService>().IsPanicOn());
    }

    [Theory]
    [InlineData("GET", "/status")]
    [InlineData("GET", "/ui/security/events")]
    [InlineData("POST", "/ui/repos/select?path=app")]
    [InlineData("GET", "/no/such/endpoint")]
    public async Task Lockdown_WithoutToken_Gets503WithTheLockdownText(string method, string path)
    {
        await using var app = new OrchestratorApp();
        await LockDownAsync(app);
        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Correlation-ID", "locked-1");
        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(path)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(LockdownDetail, problem.GetProperty("detail").GetString());
        Assert.Equal("locked-1", problem.GetProperty("correlation_id").GetString());
        Assert.Equal("locked-1", Assert.Single(response.Headers.GetValues("X-Correlation-ID")));
    }

    [Fact]
    public async Task Lockdown_InvalidToken_Gets503AndStillCounts()
    {
        await using var app = new OrchestratorApp();
        await LockDownAsync(app);
        using var bad = app.CreateClient("another-wrong-token-0123456789abcdef");
        using var response = await bad.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(6, CountOf(EventsOfType(await GetEventsAsync(app), PanicService.InvalidTokenEventType)));
    }

    [Fact]
    public async Task Lockdown_ExemptEndpointsAndStaticFiles_StillAnswer()
    {
        using var webRoot = new TempDirectory("orch-www");
        webRoot.WriteFile("probe.css", "body{}");
        await using var app = new OrchestratorApp().With("webroot", webRoot.Path);
        await LockDownAsync(app);
        using var anonymous = app.CreateClient();
        using (var root = await anonymous.GetAsync(Url("/")))
        {
            Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        }

        using (var health = await anonymous.GetAsync(Url("/health")))
        {
            Assert.Equal("ok", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        using (var file = await anonymous.GetAsync(Url("/probe.css")))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("body{}", await file.Content.ReadAsStringAsync());
        }

        // The resolve endpoint is reachable, so it answers with its own rule (admin token needed), not 503.
        using var resolve = await PostResolveAsync(anonymous, "clear_panic");
        Assert.Equal(HttpStatusCode.Unauthorized, resolve.StatusCode);
        Assert.True(app.Service<PanicService>().IsPanicOn());
    }

    [Fact]
    public async Task Lockdown_ValidTokens_PassThrough()
    {
        await using var app = new OrchestratorApp();
        await LockDownAsync(app);
        using var admin = app.CreateClient(TestRole.Admin);
        using var actions = app.CreateClient(TestRole.Actions);
        using (var ui = await admin.GetAsync(Url("/ui/status")))
        {
            Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        }

        using var status = await actions.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        // The read-only token passes lockdown but not the role rule.
        using var events = await actions.GetAsync(Url("/ui/security/events"));
        Assert.Equal(HttpStatusCode.Forbidden, events.StatusCode);
    }

    [Fact]
    public async Task Lockdown_AfterRestartOnTheSameHome_StaysOn()
    {
        using var root = new TempDirectory("orch-root");
        string home;
        await using (var first = new OrchestratorApp(root: root.Path))
        {
            await LockDownAsync(first);
            home = first.Home;
        }

        // A new host on the same home and root: the flag and the events come back from the state store.
        await using var second = new OrchestratorApp(root: root.Path, home: home);
        using var anonymous = second.CreateClient();
        using var response = await anonymous.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await GetEventsAsync(second);
        Assert.True(body.GetProperty("panic_mode").GetBoolean());
        Assert.Equal(5, CountOf(EventsOfType(body, PanicService.InvalidTokenEventType)));
    }

    [Fact]
    public async Task ClearPanic_AsAdmin_ClearsFlagResolvesEventsAndAudits()
    {
        await using var app = new OrchestratorApp();
        await LockDownAsync(app);
        using var admin = app.CreateClient(TestRole.Admin);
        using (var response = await PostResolveAsync(admin, "clear_panic"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("success", body.GetProperty("status").GetString());
            Assert.False(body.GetProperty("panic_mode").GetBoolean());
            Assert.Equal(5, body.GetProperty("resolved_events").GetInt32());
        }

        var events = await GetEventsAsync(app);
        Assert.False(events.GetProperty("panic_mode").GetBoolean());
        Assert.All(events.GetProperty("events").EnumerateArray(), e => Assert.True(e.GetProperty("resolved").GetBoolean()));
        Assert.Contains(app.Service<AuditLog>().Tail(20), l => l.Contains("OP:PANIC_CLEARED", StringComparison.Ordinal) && l.Contains("ACTOR:admin:", StringComparison.Ordinal));
        using var anonymous = app.CreateClient();
        using var after = await anonymous.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CLEAR_PANIC")]
    [InlineData("clear_panic ")]
    [InlineData("reset")]
    public async Task Resolve_OtherOrMissingAction_Is400InvalidAction(string? action)
    {
        await using var app = new OrchestratorApp();
        await LockDownAsync(app);
        using var admin = app.CreateClient(TestRole.Admin);
        using var response = await PostResolveAsync(admin, action);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid action", (await ProblemAsync(response)).GetProperty("detail").GetString());
        Assert.True(app.Service<PanicService>().IsPanicOn());
    }

    [Theory]
    [InlineData("GET", "/ui/security/events")]
    [InlineData("POST", "/ui/security/resolve?action=clear_panic")]
    public async Task SecurityEndpoints_AsActions_Are403(string method, string path)
    {
        await using var app = new OrchestratorApp();
        using var actions = app.CreateClient(TestRole.Actions);
        using var response = await actions.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(path)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Read-only token cannot access this endpoint", (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Endpoints_SelfDefenceOptOuts_AreExactlyTheListedOnes()
    {
        await using var app = new OrchestratorApp();
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        string[] Patterns(Func<RouteEndpoint, bool> has) =>
            [.. endpoints.Where(has).Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Order(StringComparer.Ordinal)];

        Assert.Equal(["/", "/health", "/ui/security/resolve"], Patterns(e => e.Metadata.GetMetadata<LockdownExemption>() is not null));
        Assert.Equal(["/", "/health"], Patterns(e => e.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null));
    }

    /// <summary>How many events the rows stand for (identical invalid tokens from one client share a row with a count).</summary>
    private static long CountOf(System.Text.Json.JsonElement[] rows) => rows.Sum(e => e.GetProperty("count").GetInt64());
}
