using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>The admin tools' own role check: it holds even if a tool reached a read-only caller's server.</summary>
public sealed class McpAdminToolsTests
{
    [Fact]
    public async Task SelectRepo_CalledWithActionsPrincipal_RefusesInsideTheTool()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        var tools = new McpAdminTools(app.Service<RepositoryService>(), app.Service<RepositoryCatalog>(), app.Service<McpToolRunner>());
        var reader = OrchestratorClaims.CreatePrincipal(OrchestratorRole.Actions, "0123abcd");
        var result = await tools.SelectRepo(repo.Name, reader);
        Assert.True(result.IsError);
        Assert.Contains("403", result.Text(), StringComparison.Ordinal);
        Assert.Contains(McpCaller.ReadOnlyDetail, result.Text(), StringComparison.Ordinal);
        Assert.Null(app.Service<RepositoryService>().ActivePath());
    }

    [Fact]
    public async Task ListRepos_WithoutPrincipal_FailsClosed()
    {
        await using var app = new OrchestratorApp();
        var tools = new McpAdminTools(app.Service<RepositoryService>(), app.Service<RepositoryCatalog>(), app.Service<McpToolRunner>());
        var result = await tools.ListRepos(user: null);
        Assert.True(result.IsError);
        Assert.Contains("401", result.Text(), StringComparison.Ordinal);
    }
}
