using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Small helpers the self-defence tests share: the events endpoint, bad tokens, turning lockdown on over HTTP.</summary>
internal static class SecurityApi
{
    public const string BadToken = "not-the-token-but-long-enough-0123456789";
    public const string LockdownDetail = "System in LOCKDOWN. Use /ui/security/resolve to clear panic mode.";

    public static Uri Url(string relative) => new(relative, UriKind.Relative);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static async Task<JsonElement> GetEventsAsync(OrchestratorApp app)
    {
        using var admin = app.CreateClient(TestRole.Admin);
        using var response = await admin.GetAsync(Url("/ui/security/events"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static JsonElement[] EventsOfType(JsonElement body, string type) =>
        [.. body.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == type)];

    /// <summary>Sends <paramref name="count"/> requests with a wrong token; each must be refused 401 or 503.</summary>
    public static async Task SendBadTokensAsync(OrchestratorApp app, int count, string token = BadToken)
    {
        using var client = app.CreateClient(token);
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(Url("/status"));
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable, $"got {response.StatusCode}");
        }
    }

    public static async Task<HttpResponseMessage> PostResolveAsync(HttpClient client, string? action)
    {
        var query = action is null ? "" : "?action=" + Uri.EscapeDataString(action);
        return await client.PostAsync(Url("/ui/security/resolve" + query), null);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
