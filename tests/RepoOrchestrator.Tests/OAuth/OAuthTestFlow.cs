using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>
/// Drives the OAuth flow against an in-process service with OAuth on (public URL http://localhost): registration,
/// the authorization request, the operator's consent with the admin token, the code exchange and refresh, the way a
/// browser and an MCP client would (no automatic redirects, every step asserted by the caller).
/// </summary>
internal sealed class OAuthTestFlow : IDisposable
{
    public const string PublicUrl = "http://localhost";
    public const string Resource = PublicUrl + "/mcp";
    public const string RedirectUri = "http://127.0.0.1:7777/callback";

    /// <summary>In process, or over a real socket at <paramref name="kestrel"/> when the service runs on Kestrel.</summary>
    public OAuthTestFlow(OrchestratorApp app, Uri? kestrel = null)
    {
        app.With("ORCH_PUBLIC_URL", PublicUrl).With("ORCH_OAUTH", "on");
        if (kestrel is null)
        {
            Browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            Admin = app.CreateClient(TestRole.Admin);
            return;
        }

#pragma warning disable CA2000 // the clients own their handlers and are disposed with this flow
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = kestrel };
        Admin = new HttpClient { BaseAddress = kestrel };
#pragma warning restore CA2000
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OrchestratorApp.AdminToken);
    }

    /// <summary>No token, no redirects followed: the client and the operator's browser.</summary>
    public HttpClient Browser { get; }

    public HttpClient Admin { get; }

    public static OrchestratorApp NewApp() => new OrchestratorApp().With("ORCH_PUBLIC_URL", PublicUrl).With("ORCH_OAUTH", "on");

    public async Task<HttpResponseMessage> RegisterRawAsync(object body) =>
        await Browser.PostAsJsonAsync(new Uri("/oauth/register", UriKind.Relative), body);

    public async Task<string> RegisterAsync(string name = "Test Client", string redirect = RedirectUri)
    {
        using var response = await RegisterRawAsync(new { client_name = name, redirect_uris = new[] { redirect }, token_endpoint_auth_method = "none" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_id").GetString()!;
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeQuery(string clientId, string challenge, string state = "st4te", string? resource = Resource, string method = "S256", string redirect = RedirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirect,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
            ["state"] = state,
            ["scope"] = "mcp offline_access",
        };
        if (resource is not null)
        {
            query["resource"] = resource;
        }

        return QueryHelpers.AddQueryString("/oauth/authorize", query);
    }

    /// <summary>The consent id the authorization request was parked under (asserts the redirect to the consent page).</summary>
    public async Task<string> StartAsync(string authorizeUrl)
    {
        using var response = await Browser.GetAsync(new Uri(authorizeUrl, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/oauth/consent.html?request=", location, StringComparison.Ordinal);
        return location["/oauth/consent.html?request=".Length..];
    }

    public static Task<HttpResponseMessage> DecideRawAsync(HttpClient client, string id, object decision) =>
        client.PostAsJsonAsync(new Uri("/oauth/consent/" + id, UriKind.Relative), decision);

    /// <summary>The operator decides; returns where the page sends the browser.</summary>
    public async Task<string> DecideAsync(string id, bool approve, string? name = null, string role = "reader", string? repos = null, string? expires = null)
    {
        using var response = await DecideRawAsync(Admin, id, new { approve, name, role, repos, expires });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirect").GetString()!;
    }

    /// <summary>Follows the page's redirect to the authorization endpoint; returns the client's redirect URI with its parameters.</summary>
    public async Task<Dictionary<string, string>> FinishAsync(string redirect)
    {
        using var response = await Browser.GetAsync(new Uri(redirect, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, location.OriginalString, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    public async Task<HttpResponseMessage> TokenRawAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await Browser.PostAsync(new Uri("/oauth/token", UriKind.Relative), content);
    }

    public async Task<JsonElement> ExchangeAsync(string clientId, string code, string verifier, string? resource = Resource)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code,
            ["code_verifier"] = verifier, ["redirect_uri"] = RedirectUri,
        };
        if (resource is not null)
        {
            form["resource"] = resource;
        }

        using var response = await TokenRawAsync(form);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    public Task<HttpResponseMessage> RefreshRawAsync(string clientId, string refreshToken) => TokenRawAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken, ["resource"] = Resource,
    });

    /// <summary>Register, authorize, approve, exchange: the access and refresh tokens of a freshly approved client.</summary>
    public async Task<(string ClientId, string Access, string Refresh)> ApprovedClientAsync(string name = "Test Client", string role = "reader", string? repos = null, string? expires = null, string? approvalName = null)
    {
        var clientId = await RegisterAsync(name);
        var (verifier, challenge) = Pkce();
        var id = await StartAsync(AuthorizeQuery(clientId, challenge));
        var back = await FinishAsync(await DecideAsync(id, true, approvalName, role, repos, expires));
        Assert.Equal("st4te", back["state"]);
        var tokens = await ExchangeAsync(clientId, back["code"], verifier);
        return (clientId, tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>tools/list on /mcp with <paramref name="accessToken"/>: the status and the tool names when it succeeded.</summary>
    public async Task<(HttpStatusCode Status, IReadOnlyList<string> Tools)> ListToolsAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Browser.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, []);
        }

        var text = await response.Content.ReadAsStringAsync();
        var json = text.TrimStart().StartsWith('{') ? text : text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))[5..];
        using var doc = JsonDocument.Parse(json);
        return (response.StatusCode, [.. doc.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        Browser.Dispose();
        Admin.Dispose();
    }
}
