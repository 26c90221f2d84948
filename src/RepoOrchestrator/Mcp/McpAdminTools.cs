using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Repositories;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Admin tools (SPEC 10): the repository list and selection of `/ui/repos`, through the same
/// <see cref="RepositoryService"/>. Each checks the admin role itself before anything else.
/// </summary>
[McpServerToolType]
internal sealed class McpAdminTools(RepositoryService repositories, RepositoryCatalog catalog, McpToolRunner runner)
{
    [McpServerTool(Name = McpToolNames.ListRepos, Title = "List repositories", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Admin only. Lists the repositories under the configured root (name, path, whether it is a git repository, its last commit time) and which one is active.")]
    public Task<CallToolResult> ListRepos(ClaimsPrincipal? user = null) =>
        runner.RunAsync(McpToolNames.ListRepos, async () =>
        {
            McpCaller.From(user).RequireAdmin();
            return McpToolResults.From(await catalog.ListAsync(CancellationToken.None), list => McpToolResults.Structured(list));
        });

    [McpServerTool(Name = McpToolNames.SelectRepo, Title = "Select the active repository", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Admin only. Makes a repository under the root the active one; every read tool then reads it. Audited as MCP_SELECT.")]
    public Task<CallToolResult> SelectRepo(
        [Description("Repository folder: a name from list_repos, a path relative to the root, or an absolute path under the root.")]
        [MinLength(1)]
        [MaxLength(4096)]
        string path,
        ClaimsPrincipal? user = null) =>
        runner.RunAsync(McpToolNames.SelectRepo, async () =>
        {
            var caller = McpCaller.From(user).RequireAdmin();
            return McpToolResults.From(await repositories.SelectAsync(path, caller.Actor, McpCaller.AuditPrefix + "SELECT"), repo =>
                McpToolResults.Structured(new SelectRepositoryResult("success", PathMasking.Mask(repo))));
        });
}
