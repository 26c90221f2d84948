using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Only ORCH_CORS_ORIGINS get CORS headers; preflights answer 204 before auth, lockdown or rate limiting.</summary>
public sealed class CorsTests
{
    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Url(path));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,x-correlation-id");
        return request;
    }

    [Fact]
    public async Task Cors_AllowedOrigin_GetsAllowOriginAndExposedHeaders()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/status"));
        request.Headers.Add("Origin", "http://localhost:5173");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:5173", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "X-Correlation-ID", "X-Content-SHA256", "X-Total-Lines" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:5174")]
    [InlineData("null")]
    public async Task Cors_OtherOrigin_GetsNoAllowOrigin(string origin)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/status"));
        request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        using var preflight = await client.SendAsync(Preflight("/status", origin));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_Preflight_Is204EvenInLockdownAndOverTheRateLimit()
    {
        await using var app = new OrchestratorApp().With("ORCH_RATE_LIMIT_PER_MIN", "5");
        await SendBadTokensAsync(app, 5); // turns lockdown on and uses up the client's window (the limiter runs before auth)
        using var anonymous = app.CreateClient();
        using (var limited = await anonymous.GetAsync(Url("/status")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        using var response = await anonymous.SendAsync(Preflight("/ui/security/resolve?action=clear_panic", "http://127.0.0.1:9325"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://127.0.0.1:9325", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("authorization", allowed, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.Contains("X-Correlation-ID"));
    }

    [Fact]
    public async Task Cors_ConfiguredOrigins_ReplaceTheDefaults()
    {
        await using var app = new OrchestratorApp().With("ORCH_CORS_ORIGINS", "https://dash.example");
        using var client = app.CreateClient();
        using var allowed = await client.SendAsync(Preflight("/status", "https://dash.example"));
        Assert.Equal("https://dash.example", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        using var formerDefault = await client.SendAsync(Preflight("/status", "http://localhost:5173"));
        Assert.False(formerDefault.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
