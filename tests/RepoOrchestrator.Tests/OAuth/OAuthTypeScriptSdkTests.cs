using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>
/// The whole OAuth flow end to end over real Kestrel with the official MCP TypeScript SDK's OAuth client
/// (tests/node/mcp-oauth-client.mjs): discovery, registration, consent, code exchange, tool calls, refresh with
/// rotation (a replayed refresh token ends the family), a second sign-in, and revocation after which the SDK is sent
/// to sign in again.
/// </summary>
public sealed class OAuthTypeScriptSdkTests
{
    private const string Secret = "sk-proj-Xa81mQ2pLr7vKs9dN3tYbW4cE6fH0jUoZg5iA1qB7xC2vM8n";

    [Fact]
    public async Task TypeScriptSdkOAuthClient_RegistersSignsInCallsRefreshesAndIsRevoked()
    {
        var script = Path.Combine(NodeTools.Folder, "mcp-oauth-client.mjs");
        NodeTools.Package(Path.Combine("@modelcontextprotocol", "sdk", "package.json"));
        await using var app = new OrchestratorApp();
        // The public URL must be the address the SDK dials (it checks the resource against it): pick the port first.
        var port = ChildProcess.FreePort();
        app.With("ORCH_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("ORCH_PUBLIC_URL", $"http://127.0.0.1:{port}").With("ORCH_OAUTH", "on");
        app.UseKestrel();
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var repo = app.CreateRepo("app").Write("README.md", $"# app\nOPENAI_API_KEY = \"{Secret}\"\n");
        repo.Commit("first");
        await app.SelectAsync(repo);
        using var temp = new TempDirectory("orch-oauth-sdk");

        var (code, output, error) = await NodeTools.RunAsync(
            script, [new Uri(address, "/mcp").ToString()], temp.Path,
            new Dictionary<string, string?> { ["ORCH_ADMIN_TOKEN"] = OrchestratorApp.AdminToken });

        Assert.True(output.TrimStart().StartsWith('{'), $"the script printed no report (exit {code}): {error}");
        using var report = JsonDocument.Parse(output);
        var steps = report.RootElement.GetProperty("steps");
        Assert.True(code == 0, output + error);
        var first = steps.GetProperty("firstConnectAsksForAuthorization");
        Assert.True(first.GetProperty("registered").GetBoolean());
        Assert.Equal("S256", first.GetProperty("method").GetString());
        Assert.Equal($"http://127.0.0.1:{port}/mcp", first.GetProperty("resource").GetString());
        Assert.True(steps.GetProperty("consentAndExchange").GetProperty("hasRefresh").GetBoolean());
        Assert.Contains("read_file", report.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain("select_repo", report.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("# app", report.RootElement.GetProperty("readFile").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.True(steps.GetProperty("refreshRotates").GetProperty("rotated").GetBoolean());
        Assert.False(steps.GetProperty("refreshRotates").GetProperty("oldStillWorks").GetBoolean());
        Assert.True(steps.GetProperty("refreshRotates").GetProperty("familyRevoked").GetBoolean());
        Assert.True(steps.GetProperty("signInAgain").GetBoolean());
        Assert.True(steps.GetProperty("revocationEndsAccess").GetProperty("askedToSignInAgain").GetBoolean());
        Assert.Equal("sdk-connector", app.Service<NamedTokenStore>().List().Single().Name);
    }
}
