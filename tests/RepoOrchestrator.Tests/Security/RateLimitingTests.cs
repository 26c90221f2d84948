using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// Fixed window per client on the fake clock: per valid token, else per client address with the loopback range as one
/// client; `/` and `/health` are never limited.
/// </summary>
public sealed class RateLimitingTests
{
    private static OrchestratorApp NewApp(int perWindow = 100, int windowSeconds = 60) =>
        new OrchestratorApp { UseFakeTime = true }
            .With("ORCH_RATE_LIMIT_PER_MIN", perWindow.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("ORCH_RATE_LIMIT_WINDOW_SECONDS", windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithServices(TestRemoteAddress.Register);

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path, string? ip = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        if (ip is not null)
        {
            request.Headers.Add(TestRemoteAddress.Header, ip);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task ExhaustAsync(HttpClient client, int count, string? ip = null, string? forwardedFor = null)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/status", ip, forwardedFor));
        }
    }

    [Fact]
    public async Task RateLimit_101stRequestInTheWindow_Gets429WithRetryAfter()
    {
        await using var app = NewApp();
        using var client = app.CreateClient(TestRole.Actions);
        await ExhaustAsync(client, 100);
        app.Time.Advance(TimeSpan.FromSeconds(20));
        client.DefaultRequestHeaders.Add("X-Correlation-ID", "limited-1");
        using var response = await client.GetAsync(Url("/status"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), response.Headers.RetryAfter?.Delta);
        var problem = await ProblemAsync(response);
        Assert.Equal("Too many requests", problem.GetProperty("detail").GetString());
        Assert.Equal("limited-1", problem.GetProperty("correlation_id").GetString());
        Assert.Equal("limited-1", Assert.Single(response.Headers.GetValues("X-Correlation-ID")));
    }

    [Fact]
    public async Task RateLimit_BadTokenFlood_IsCutBeforeEachRequestWritesAnEvent()
    {
        await using var app = NewApp(perWindow: 10).With("ORCH_PANIC_AUTH_THRESHOLD", "1000");
        using var client = app.CreateClient("a-wrong-token-that-is-long-enough-0001");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add(await GetAsync(client, "/status", ip: "203.0.113.7"));
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var events = app.Service<RepoOrchestrator.Security.Panic.PanicService>().RecentEvents();
        // Ten events (identical ones share a row with a count); the fifteen refused requests recorded nothing.
        Assert.Equal(10, events.Where(e => e.Type == RepoOrchestrator.Security.Panic.PanicService.InvalidTokenEventType).Sum(e => e.Count));
    }

    [Fact]
    public async Task RateLimit_NextWindow_ServesAgain()
    {
        await using var app = NewApp(perWindow: 3, windowSeconds: 10);
        using var client = app.CreateClient(TestRole.Actions);
        await ExhaustAsync(client, 3);
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "/status"));
        app.Time.Advance(TimeSpan.FromSeconds(9.5));
        using (var stillLimited = await client.GetAsync(Url("/status")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), stillLimited.Headers.RetryAfter?.Delta); // 0.5 s rounded up
        }

        app.Time.Advance(TimeSpan.FromSeconds(0.5));
        await ExhaustAsync(client, 3);
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "/status"));
    }

    [Fact]
    public async Task RateLimit_RootAndHealth_AreNeverLimited()
    {
        await using var app = NewApp(perWindow: 2);
        using var client = app.CreateClient();
        using var admin = app.CreateClient(TestRole.Admin);
        await ExhaustAsync(admin, 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(admin, "/status"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/health"));
            Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/"));
        }
    }

    [Fact]
    public async Task RateLimit_UnauthenticatedRequests_AreLimitedToo()
    {
        await using var app = NewApp(perWindow: 2);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(anonymous, "/status"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(anonymous, "/no/such/endpoint"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(anonymous, "/ui/security/events"));
    }

    /// <summary>Anonymous requests to /status: 401 while the client's window has permits, 429 after.</summary>
    private static async Task ExhaustAnonymousAsync(HttpClient client, int count, string? ip = null, string? forwardedFor = null)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, "/status", ip, forwardedFor));
        }
    }

    [Fact]
    public async Task RateLimit_EachAnonymousClientAddress_HasItsOwnWindow()
    {
        await using var app = NewApp(perWindow: 2);
        using var client = app.CreateClient();
        await ExhaustAnonymousAsync(client, 2, ip: "198.51.100.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "/status", ip: "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, "/status", ip: "198.51.100.2"));
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("127.45.6.7")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.9")]
    public async Task RateLimit_AnonymousLoopbackRange_SharesOneWindow(string other)
    {
        await using var app = NewApp(perWindow: 2);
        using var client = app.CreateClient();
        await ExhaustAnonymousAsync(client, 2, ip: "127.0.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "/status", ip: other));
    }

    [Fact]
    public async Task RateLimit_AdminRequests_DoNotConsumeTheActionsTokensWindow()
    {
        await using var app = NewApp(perWindow: 3);
        using var admin = app.CreateClient(TestRole.Admin);
        using var actions = app.CreateClient(TestRole.Actions);
        await ExhaustAsync(admin, 3, ip: "127.0.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(admin, "/status", ip: "127.0.0.1"));
        await ExhaustAsync(actions, 3, ip: "127.0.0.1"); // same address, its own token: its own full window
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(actions, "/status", ip: "127.0.0.1"));
    }

    [Fact]
    public async Task RateLimit_OneToken_IsOneWindowFromEveryAddress()
    {
        await using var app = NewApp(perWindow: 2);
        using var actions = app.CreateClient(TestRole.Actions);
        await ExhaustAsync(actions, 1, ip: "198.51.100.1");
        await ExhaustAsync(actions, 1, ip: "198.51.100.2");
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(actions, "/status", ip: "198.51.100.3"));
        // Anonymous callers from those addresses are not charged for the token's requests.
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(anonymous, "/status", ip: "198.51.100.1"));
    }

    [Theory]
    [InlineData("true", "127.0.0.1", true)]
    [InlineData("true", "::1", true)]
    [InlineData("false", "127.0.0.1", false)]
    [InlineData("true", "198.51.100.9", false)]
    public async Task RateLimit_ForwardedFor_HonouredOnlyWhenTrustedAndFromLoopback(string trust, string peer, bool honoured)
    {
        await using var app = NewApp(perWindow: 2).With("ORCH_TRUST_FORWARDED", trust);
        using var client = app.CreateClient();
        await ExhaustAnonymousAsync(client, 2, ip: peer, forwardedFor: "203.0.113.1");
        // A different forwarded client behind the same peer: its own window only if the header is believed.
        var other = await GetAsync(client, "/status", ip: peer, forwardedFor: "203.0.113.2");
        Assert.Equal(honoured ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, other);
    }

    [Fact]
    public async Task RateLimit_ForwardedFor_ClientWrittenLeftEntriesCannotPickABucket()
    {
        await using var app = NewApp(perWindow: 2).With("ORCH_TRUST_FORWARDED", "true");
        using var client = app.CreateClient();
        await ExhaustAnonymousAsync(client, 2, ip: "127.0.0.1", forwardedFor: "10.0.0.1, 203.0.113.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "/status", ip: "127.0.0.1", forwardedFor: "10.0.0.2, 203.0.113.1"));
    }
}
