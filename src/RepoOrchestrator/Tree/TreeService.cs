using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tree;

/// <summary>
/// Lists the files of a folder of the active repository for /tree and the MCP list_tree tool (SPEC 5): only
/// allowed extensions, no dot, denied or linked folders, at most <see cref="MaxEntries"/> entries in ordinal
/// order, limited to allowlisted files when ORCH_ALLOWLIST_REQUIRE is on. Audited once per listing.
/// </summary>
public sealed class TreeService(
    OrchestratorOptions options,
    RepositoryService repositories,
    PathGuard guard,
    RepositoryWalker walker,
    AllowlistStore allowlist,
    AuditLog audit)
{
    public const int MaxEntries = 2000;
    public const int MaxDepthLimit = 6;

    public async Task<TreeResult> ListAsync(string? path, int maxDepth, string actor, string operationPrefix = "")
    {
        var repo = repositories.RequireActive();
        if (maxDepth is < 0 or > MaxDepthLimit)
        {
            throw ApiProblemException.BadRequest($"Query parameter 'max_depth' must be between 0 and {MaxDepthLimit}.");
        }

        var folder = await ReadAudit.AuditDenialAsync(audit, operationPrefix, actor, path, () => guard.ResolveFolder(repo, path));
        var filter = AllowlistFilter.For(options.AllowlistRequire, allowlist, repo); // SECURITY: allowlist-required mode
        var files = new List<string>();
        var truncated = false;
        foreach (var file in walker.Files(repo, folder, maxDepth))
        {
            if (filter is not null && !filter.Allows(file.RelativePath))
            {
                continue;
            }

            if (files.Count == MaxEntries)
            {
                truncated = true;
                break;
            }

            files.Add(file.RelativePath);
        }

        await audit.OperationAsync(operationPrefix + "LIST_TREE", actor, folder.RelativePath, $"depth:{maxDepth}", ReadAudit.Sha256Hex(string.Join('\n', files)));
        return new TreeResult(files, truncated);
    }
}
