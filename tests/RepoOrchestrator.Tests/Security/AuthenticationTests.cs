using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task Status_WithoutHeader_Is401TokenMissingWithChallenge()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.Unauthorized, "Token missing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-token")]
    [InlineData("a-long-but-unknown-token-value-123456")]
    public async Task Status_WithBadToken_Is401InvalidToken(string token)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/status", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await client.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.Unauthorized, "Invalid token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Status_WithNonBearerScheme_Is401InvalidToken()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", OrchestratorApp.AdminToken);
        using var response = await client.GetAsync(new Uri("/status", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task AdminEndpoint_AsActions_Is403WithSpecText()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Actions);
        using var response = await client.GetAsync(new Uri("/ui/repos", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.Forbidden, "Read-only token cannot access this endpoint");
    }

    [Fact]
    public async Task UnknownPath_WithToken_Is404Problem()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.GetAsync(new Uri("/no/such/endpoint", UriKind.Relative));
        await AssertProblem(response, HttpStatusCode.NotFound, "No endpoint at this path.");
    }

    [Fact]
    public async Task TokenFromFile_WhenNoEnvironment_IsCreatedWithMode0600AndAccepted()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        using var probe = app.CreateClient();
        var tokenPath = Path.Combine(app.Home, ".orch_token");
        var actionsPath = Path.Combine(app.Home, ".orch_actions_token");
        var token = File.ReadAllText(tokenPath).Trim();
        Assert.True(token.Length >= 64, "48 random bytes encode to at least 64 URL-safe characters");
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.NotEqual(token, File.ReadAllText(actionsPath).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(actionsPath));
        }

        using var client = app.CreateClient(token);
        using var response = await client.GetAsync(new Uri("/ui/repos", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenPrecedence_EnvironmentWinsOverFile_FileWinsOverGenerated()
    {
        using var root = new TempDirectory();
        var home = root.Combine(".home");
        Directory.CreateDirectory(home);
        const string fileToken = "file-token-abcdefghijklmnopqrstuvwxyz";
        TokenFile.Write(Path.Combine(home, ".orch_token"), fileToken);

        await using (var fromFile = new OrchestratorApp(root.Path, home, envTokens: false))
        {
            using var client = fromFile.CreateClient(fileToken);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/ui/repos", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(fileToken, File.ReadAllText(Path.Combine(home, ".orch_token")).Trim());

        await using var fromEnv = new OrchestratorApp(root.Path, home, envTokens: true);
        using var envClient = fromEnv.CreateClient(TestRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await envClient.GetAsync(new Uri("/ui/repos", UriKind.Relative))).StatusCode);
        using var fileClient = fromEnv.CreateClient(fileToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fileClient.GetAsync(new Uri("/ui/repos", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TokenFile_RewrittenWhileRunning_TakesEffectWithoutRestart()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        using var probe = app.CreateClient();
        var tokenPath = Path.Combine(app.Home, ".orch_token");
        var old = File.ReadAllText(tokenPath).Trim();
        var rotated = TokenFile.NewToken();
        TokenFile.Write(tokenPath, rotated);

        using var oldClient = app.CreateClient(old);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldClient.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);
        using var newClient = app.CreateClient(rotated);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AuditLines_NameActorsByFingerprint_NeverTheToken()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        await app.SelectAsync(repo);
        var log = await File.ReadAllTextAsync(Path.Combine(app.Home, "logs", "orchestrator_audit.log"));
        Assert.Contains($"ACTOR:admin:{TokenFingerprint.Of(OrchestratorApp.AdminToken)}", log, StringComparison.Ordinal);
        Assert.DoesNotContain(OrchestratorApp.AdminToken, log, StringComparison.Ordinal);
        Assert.DoesNotContain(OrchestratorApp.AdminToken[..16], log, StringComparison.Ordinal);
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(detail, doc.RootElement.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("correlation_id").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Correlation-ID").Single(), doc.RootElement.GetProperty("correlation_id").GetString());
    }
}
