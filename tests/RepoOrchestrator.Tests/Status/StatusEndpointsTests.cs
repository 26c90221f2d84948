using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Status;

public sealed class StatusEndpointsTests
{
    [Fact]
    public async Task Health_WithoutToken_IsOk()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(response.Headers.Contains("X-Correlation-ID"));
    }

    [Fact]
    public async Task Status_AsActions_ReportsVersionAndUptime()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Actions);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        Assert.True(body.GetProperty("uptime_seconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Status_Uptime_CountsFromHostStartNotFirstRequest()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        using var client = app.CreateClient(TestRole.Admin); // starts the host
        app.Time.Advance(TimeSpan.FromSeconds(90));
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative));
        Assert.Equal(90, body.GetProperty("uptime_seconds").GetDouble(), precision: 1);
    }

    [Theory]
    [InlineData("Mozilla/5.0", "RUNNING (Dashboard)")]
    [InlineData("Mozilla/5.0; compatible; ChatGPT-User/1.0; +https://openai.com/bot", "RUNNING (ChatGPT)")]
    public async Task UiStatus_NamesTheClient(string userAgent, string expected)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/status", UriKind.Relative));
        Assert.Equal(expected, body.GetProperty("service_status").GetString());
        Assert.Equal(0, body.GetProperty("allowlist_count").GetInt32());
    }

    [Fact]
    public async Task UiStatus_ActiveRepoRemoved_IsDegraded()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        Directory.Delete(repo.Path, recursive: true);
        using var client = app.CreateClient(TestRole.Admin);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/status", UriKind.Relative));
        Assert.StartsWith("DEGRADED", body.GetProperty("service_status").GetString(), StringComparison.Ordinal);
        Assert.Contains("OP:SELECT", body.GetProperty("last_audit_line").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiStatus_AsActions_HidesTheLastAuditLine()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        using var reader = app.CreateClient(TestRole.Actions);
        using var admin = app.CreateClient(TestRole.Admin);

        var asReader = await reader.GetFromJsonAsync<JsonElement>(new Uri("/ui/status", UriKind.Relative));
        var asAdmin = await admin.GetFromJsonAsync<JsonElement>(new Uri("/ui/status", UriKind.Relative));

        Assert.Equal(JsonValueKind.Null, asReader.GetProperty("last_audit_line").ValueKind); // SECURITY: audit lines are admin-only
        Assert.Contains("OP:SELECT", asAdmin.GetProperty("last_audit_line").GetString(), StringComparison.Ordinal);
    }
}
