using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>Issue 17, steps 1–2: ORCH_OAUTH, RFC 9728 protected-resource metadata and the /mcp 401 challenge.</summary>
public sealed class OAuthDiscoveryTests
{
    private const string MetadataPath = "/.well-known/oauth-protected-resource";

    [Theory]
    [InlineData(null, "http://127.0.0.1:9325", false)]
    [InlineData(null, "https://orch.example.com", true)]
    [InlineData("auto", "https://orch.example.com", true)]
    [InlineData("AUTO", "http://orch.example.com", false)]
    [InlineData("on", "http://127.0.0.1:9325", true)]
    [InlineData("off", "https://orch.example.com", false)]
    [InlineData(null, "https://orch.example.com/prefix", false)]
    public void Settings_AutoIsOnOnlyBehindHttps(string? mode, string publicUrl, bool enabled)
    {
        var values = new Dictionary<string, string?> { ["ORCH_PUBLIC_URL"] = publicUrl };
        if (mode is not null)
        {
            values["ORCH_OAUTH"] = mode;
        }

        var o = OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), Path.GetTempPath());
        var settings = OAuthSettings.From(o);
        Assert.Equal(enabled, settings.Enabled);
        Assert.Equal(publicUrl + "/mcp", settings.Resource);
        Assert.Equal(publicUrl + MetadataPath, settings.ResourceMetadataUrl);
    }

    [Theory]
    [InlineData("on", "http://orch.example.com", "https address while ORCH_OAUTH is on")]
    [InlineData("on", "http://192.168.1.5:9325", "https address while ORCH_OAUTH is on")]
    [InlineData("on", "https://orch.example.com/orch", "without a path")]
    public void Settings_OAuthOn_RefusesClearTextOrPathAddresses(string? mode, string publicUrl, string detail)
    {
        var values = new Dictionary<string, string?> { ["ORCH_PUBLIC_URL"] = publicUrl, ["ORCH_OAUTH"] = mode };
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), Path.GetTempPath()));
        Assert.Contains("ORCH_PUBLIC_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off", "http://orch.example.com/orch")]
    [InlineData("auto", "https://tunnel.example.net/orch")]
    [InlineData("on", "http://localhost:9325")]
    public void Settings_OAuthOffOrLoopback_KeepsTheAddress(string mode, string publicUrl)
    {
        var values = new Dictionary<string, string?> { ["ORCH_PUBLIC_URL"] = publicUrl, ["ORCH_OAUTH"] = mode };
        Assert.Equal(publicUrl, OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), Path.GetTempPath()).PublicUrl);
    }

    [Fact]
    public async Task Off_MetadataIs404_AndMcpChallengeIsPlainBearer()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com").With("ORCH_OAUTH", "off");
        // The route does not exist: an admin gets the 404 of any unknown path (anonymous callers get the usual 401 first).
        using var admin = app.CreateClient(TestRole.Admin);
        using var metadata = await admin.GetAsync(new Uri(MetadataPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);

        using var client = app.CreateClient();

        using var mcp = await PostMcpAsync(client);
        Assert.Equal(HttpStatusCode.Unauthorized, mcp.StatusCode);
        Assert.Equal("Bearer", mcp.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task Auto_WithHttpsPublicUrl_ServesMetadataNamingTheMcpResource()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com/");
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(MetadataPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://orch.example.com/mcp", doc.RootElement.GetProperty("resource").GetString());
        Assert.Equal("https://orch.example.com/", doc.RootElement.GetProperty("authorization_servers")[0].GetString());
        Assert.Equal("header", doc.RootElement.GetProperty("bearer_methods_supported")[0].GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-real-token-value-0123456789")]
    public async Task On_McpUnauthorized_ChallengeNamesResourceMetadata_AndBodyIsUnchanged(string? token)
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com");
        using var client = app.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await PostMcpAsync(client);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer resource_metadata=\"https://orch.example.com" + MetadataPath + "\"", response.Headers.WwwAuthenticate.Single().ToString());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(token is null ? "Token missing" : "Invalid token", doc.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task On_OtherEndpoints401_KeepThePlainChallenge()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com");
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
    }

    private static async Task<HttpResponseMessage> PostMcpAsync(HttpClient client)
    {
        using var content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await client.SendAsync(request);
    }
}
