using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>`token show` and `token rotate` against a live host that keeps its tokens in files.</summary>
public sealed class TokenCommandsTests
{
    [Fact]
    public async Task TokenShow_FileTokens_PrintsTheTokensTheHostAccepts()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        using var anonymous = app.CreateClient();
        using var health = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var admin = await Infrastructure.Cli.RunAsync(app, "token", "show");
        var actions = await Infrastructure.Cli.RunAsync(app, "token", "show", "--actions");

        Assert.Equal(0, admin.ExitCode);
        Assert.Equal(0, actions.ExitCode);
        var adminToken = Assert.Single(admin.OutputLines);
        var actionsToken = Assert.Single(actions.OutputLines);
        Assert.NotEqual(adminToken, actionsToken);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, adminToken, "/ui/repos"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOf(app, actionsToken, "/ui/repos"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, actionsToken, "/status"));
    }

    [Fact]
    public async Task TokenShow_TokenSetByConfiguration_RefusesAndPrintsNoToken()
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "show", $"--ORCH_TOKEN={OrchestratorApp.AdminToken}");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("ORCH_TOKEN", line, StringComparison.Ordinal);
        Assert.DoesNotContain(OrchestratorApp.AdminToken, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRotate_WithLiveHost_OldTokenRejectedNewTokenAccepted()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        var old = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show")).OutputLines);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, old, "/ui/repos"));

        var rotate = await Infrastructure.Cli.RunAsync(app, "token", "rotate");

        Assert.Equal(0, rotate.ExitCode);
        var fresh = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show")).OutputLines);
        Assert.NotEqual(old, fresh);
        Assert.DoesNotContain(fresh, rotate.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(app, old, "/ui/repos"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, fresh, "/ui/repos"));

        var log = await File.ReadAllTextAsync(Path.Combine(app.Home, "logs", "orchestrator_audit.log"));
        Assert.Contains("OP:TOKEN_ROTATE", log, StringComparison.Ordinal);
        Assert.Contains("ACTOR:cli", log, StringComparison.Ordinal);
        Assert.DoesNotContain(fresh, log, StringComparison.Ordinal);
        Assert.DoesNotContain(old, log, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(app.Home, ".orch_token")));
        }
    }

    [Fact]
    public async Task TokenRotate_Actions_LeavesTheAdminTokenAlone()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        var admin = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show")).OutputLines);
        var oldActions = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "show", "--actions")).OutputLines);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, oldActions, "/status"));

        var rotate = await Infrastructure.Cli.RunAsync(app, "token", "rotate", "--actions");

        Assert.Equal(0, rotate.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(app, oldActions, "/status"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, admin, "/ui/repos"));
    }

    [Fact]
    public async Task TokenRotate_TokenSetByConfiguration_RefusesAndChangesNothing()
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "rotate", $"--ORCH_TOKEN={OrchestratorApp.AdminToken}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ORCH_TOKEN", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.Home, ".orch_token")));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(app, OrchestratorApp.AdminToken, "/ui/repos"));
    }

    private static async Task<HttpStatusCode> StatusOf(OrchestratorApp app, string token, string path)
    {
        using var client = app.CreateClient(token);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
