using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Present-but-invalid tokens become PANIC_TRIGGER events, exactly one each, even all at once.</summary>
public sealed class InvalidTokenTrackingTests
{
    [Fact]
    public async Task BadToken_RecordsTriggerWithTokenHashNeverTheToken()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(BadToken);
        client.DefaultRequestHeaders.Add("X-Correlation-ID", "probe-42");
        using var response = await client.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var trigger = Assert.Single(EventsOfType(await GetEventsAsync(app), PanicService.InvalidTokenEventType));
        Assert.Equal(Sha256Hex(BadToken), trigger.GetProperty("payload_hash").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("actor").GetString());
        Assert.Equal("probe-42", trigger.GetProperty("correlation_id").GetString());
        Assert.Equal("Invalid token on GET /status", trigger.GetProperty("reason").GetString());
        Assert.False(trigger.GetProperty("resolved").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(trigger.GetProperty("timestamp").GetString(), out _));
        Assert.EndsWith("Z", trigger.GetProperty("timestamp").GetString(), StringComparison.Ordinal);

        // The token itself is nowhere on disk: not in the state store (WAL included), not in the audit log.
        foreach (var file in Directory.EnumerateFiles(app.Home, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(BadToken, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoAuthorizationHeader_RecordsNothing()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(Url("/status"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var body = await GetEventsAsync(app);
        Assert.Empty(body.GetProperty("events").EnumerateArray());
        Assert.False(body.GetProperty("panic_mode").GetBoolean());
    }

    [Theory]
    [InlineData("Bearer short")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task MalformedOrShortToken_CountsAsInvalid(string header)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/status"));
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(EventsOfType(await GetEventsAsync(app), PanicService.InvalidTokenEventType));
    }

    [Fact]
    public async Task BadTokens_AtThreshold_LockOutAnonymousCallers()
    {
        await using var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "3");
        await SendBadTokensAsync(app, 2);
        using var anonymous = app.CreateClient();
        using (var before = await anonymous.GetAsync(Url("/status")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        await SendBadTokensAsync(app, 1);
        using var after = await anonymous.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal(LockdownDetail, (await ProblemAsync(after)).GetProperty("detail").GetString());
        Assert.True((await GetEventsAsync(app)).GetProperty("panic_mode").GetBoolean());
    }

    [Fact]
    public async Task BadTokens_FortyConcurrentOnARealSocket_CountExactlyForty()
    {
        await using var app = new OrchestratorApp().With("ORCH_PORT", "0").With("ORCH_PANIC_AUTH_THRESHOLD", "40");
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        // All forty are in flight at once: each on its own connection, racing for the database lock.
        var requests = Enumerable.Range(0, 40).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/status"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{BadToken}-{i:D2}");
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }).ToArray();
        var statuses = await Task.WhenAll(requests);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable));

        var panic = app.Services.GetRequiredService<PanicService>();
        var triggers = panic.RecentEvents().Where(e => e.Type == PanicService.InvalidTokenEventType).ToList();
        Assert.Equal(40, triggers.Count);
        Assert.Equal(40, triggers.Select(e => e.PayloadHash).Distinct(StringComparer.Ordinal).Count());
        Assert.True(panic.IsPanicOn()); // the 40th crossed the threshold of 40: exactly-once counting
    }
}
