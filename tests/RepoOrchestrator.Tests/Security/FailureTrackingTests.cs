using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Unhandled failures (a fault endpoint that exists only in this test host) become PANIC events and, at the threshold, lockdown.</summary>
public sealed class FailureTrackingTests
{
    private static OrchestratorApp NewApp() => new OrchestratorApp().WithServices(FaultEndpoint.Register);

    private static async Task<HttpResponseMessage> FaultAsync(HttpClient client, string body = "{\"q\":1}") =>
        await client.PostAsync(Url(FaultEndpoint.Path), new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Fault_Answers500WithOnlyTheErrorAndCorrelationId()
    {
        await using var app = NewApp();
        using var admin = app.CreateClient(TestRole.Admin);
        using var response = await FaultAsync(admin);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(raw);
        var correlation = Assert.Single(response.Headers.GetValues("X-Correlation-ID"));
        Assert.Equal(
            ["correlation_id", "error"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Internal System Failure", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(correlation, json.RootElement.GetProperty("correlation_id").GetString());
        foreach (var leak in new[] { "boom", "InvalidOperation", "Exception", "/home/alice", "admin-token", " at ", "FaultEndpoint" })
        {
            Assert.DoesNotContain(leak, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fault_RecordsPanicEventWithBodyHashAndWritesAuditLine()
    {
        await using var app = NewApp();
        using var admin = app.CreateClient(TestRole.Admin);
        admin.DefaultRequestHeaders.Add("X-Correlation-ID", "fault-1");
        const string body = "{\"path\":\"src/app.py\",\"why\":\"probe\"}";
        using (var response = await FaultAsync(admin, body))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var failure = Assert.Single(EventsOfType(await GetEventsAsync(app), PanicService.FailureEventType));
        var actor = "admin:" + TokenFingerprint.Of(OrchestratorApp.AdminToken);
        Assert.Equal(Sha256Hex(body), failure.GetProperty("payload_hash").GetString());
        Assert.Equal(actor, failure.GetProperty("actor").GetString());
        Assert.Equal("fault-1", failure.GetProperty("correlation_id").GetString());
        Assert.Equal("InvalidOperationException: " + FaultEndpoint.SecretMessage, failure.GetProperty("reason").GetString());

        var line = Assert.Single(app.Service<AuditLog>().Tail(50), l => l.Contains("| PANIC |", StringComparison.Ordinal));
        Assert.Contains($"PANIC | ID:fault-1 | HASH:{Sha256Hex(body)} | REASON:InvalidOperationException: boom", line, StringComparison.Ordinal);
        Assert.Contains($"ACTOR:{actor}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_LongMessageAndEmptyBody_ReasonCutAndEmptyHash()
    {
        await using var app = new OrchestratorApp().WithServices(FaultEndpoint.At("/test/long-fault", new string('m', 500)));
        using var admin = app.CreateClient(TestRole.Admin);
        using (var response = await admin.GetAsync(Url("/test/long-fault")))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var failure = Assert.Single(EventsOfType(await GetEventsAsync(app), PanicService.FailureEventType));
        Assert.Equal(PanicService.MaxReasonLength, failure.GetProperty("reason").GetString()!.Length);
        Assert.Equal(Sha256Hex(""), failure.GetProperty("payload_hash").GetString());
    }

    [Fact]
    public async Task Faults_ThreeInTheWindow_LockDown()
    {
        await using var app = NewApp();
        using var admin = app.CreateClient(TestRole.Admin);
        using var anonymous = app.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            using var response = await FaultAsync(admin);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        using (var notYet = await anonymous.GetAsync(Url("/status")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, notYet.StatusCode);
        }

        using (var third = await FaultAsync(admin))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, third.StatusCode);
        }

        using var locked = await anonymous.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal(LockdownDetail, (await ProblemAsync(locked)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ClientErrors_NeverCountAsFailures()
    {
        await using var app = NewApp().With("ORCH_PANIC_EXCEPTION_THRESHOLD", "1");
        using var admin = app.CreateClient(TestRole.Admin);
        string[] clientErrors = ["/ui/audit?limit=5", "/ui/audit?limit=abc", "/no/such/endpoint"];
        foreach (var path in clientErrors)
        {
            using var response = await admin.GetAsync(Url(path));
            Assert.True((int)response.StatusCode < 500, $"{path} answered {response.StatusCode}");
        }

        using (var outside = await admin.PostAsync(Url("/ui/repos/select?path=/etc"), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        }

        using (var badAction = await PostResolveAsync(admin, "nope"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        }

        var body = await GetEventsAsync(app);
        Assert.Empty(EventsOfType(body, PanicService.FailureEventType));
        Assert.False(body.GetProperty("panic_mode").GetBoolean());
        Assert.DoesNotContain(app.Service<AuditLog>().Tail(50), l => l.Contains("| PANIC |", StringComparison.Ordinal));
    }}
