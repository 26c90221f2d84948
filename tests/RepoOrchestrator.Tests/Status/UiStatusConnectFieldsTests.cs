using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Status;

/// <summary>What the "Connect an agent" page needs from /ui/status: whether OAuth is on and where the read-only token is kept (admin only).</summary>
public sealed class UiStatusConnectFieldsTests
{
    private static readonly Uri UiStatus = new("/ui/status", UriKind.Relative);

    [Fact]
    public async Task UiStatus_AsAdmin_TokenFromItsFile_GivesThePathNeverTheToken()
    {
        await using var app = new OrchestratorApp().With("ORCH_ACTIONS_TOKEN", null);
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.GetAsync(UiStatus);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        var file = Path.Combine(app.Home, ".orch_actions_token");
        var token = (await File.ReadAllTextAsync(file)).Trim();
        Assert.Equal(HomeRelativePath.Of(file, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)), body.GetProperty("actions_token_file").GetString());
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(OrchestratorApp.AdminToken, text, StringComparison.Ordinal);
        Assert.False(body.GetProperty("oauth_enabled").GetBoolean()); // http public address, ORCH_OAUTH=auto
    }

    [Fact]
    public async Task UiStatus_AsAdmin_TokenFromTheEnvironment_HasNoFile()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        var body = await admin.GetFromJsonAsync<JsonElement>(UiStatus);

        Assert.Equal(JsonValueKind.Null, body.GetProperty("actions_token_file").ValueKind);
    }

    [Fact]
    public async Task UiStatus_AsAdmin_HttpsPublicUrl_SaysOAuthIsOn()
    {
        await using var app = new OrchestratorApp().With("ORCH_PUBLIC_URL", "https://orch.example-tunnel.test");
        using var admin = app.CreateClient(TestRole.Admin);

        var body = await admin.GetFromJsonAsync<JsonElement>(UiStatus);

        Assert.True(body.GetProperty("oauth_enabled").GetBoolean());
        Assert.Equal("https://orch.example-tunnel.test", body.GetProperty("service_url").GetString());
    }

    [Fact]
    public async Task UiStatus_AsReader_HasNeitherOAuthNorTokenFile()
    {
        await using var app = new OrchestratorApp().With("ORCH_ACTIONS_TOKEN", null).With("ORCH_OAUTH", "on");
        using var reader = app.CreateClient(); // starts the service, which writes the token file
        reader.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(Path.Combine(app.Home, ".orch_actions_token"))).Trim());

        var body = await reader.GetFromJsonAsync<JsonElement>(UiStatus);

        Assert.Equal(JsonValueKind.Null, body.GetProperty("oauth_enabled").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("actions_token_file").ValueKind);
    }

    [Theory]
    [InlineData("/home/ann/.local/state/repo-orchestrator/.orch_actions_token", "/home/ann", "~/.local/state/repo-orchestrator/.orch_actions_token")]
    [InlineData("/home/ann/x", "/home/ann/", "~/x")]
    [InlineData("/home/anna/x", "/home/ann", "/home/anna/x")] // a sibling whose name starts the same is not inside
    [InlineData("/home/ann", "/home/ann", "/home/ann")]
    [InlineData("/srv/orch/.orch_actions_token", "/home/ann", "/srv/orch/.orch_actions_token")]
    [InlineData("/x/token", "/", "/x/token")] // the file system root is never a home
    [InlineData("/home/ann/x", "", "/home/ann/x")]
    [InlineData("/home/ann/x", "relative", "/home/ann/x")]
    public void HomeRelativePath_WholeComponentsOnly(string path, string home, string expected) =>
        Assert.Equal(expected, HomeRelativePath.Of(path, home));
}
