using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tree;

/// <summary>
/// Lists the files of a folder of the active repository for /tree and the MCP list_tree tool (SPEC 5): only
/// allowed extensions, no dot, denied or linked folders, at most <see cref="MaxEntries"/> entries in ordinal
/// order, limited to allowlisted files when ORCH_ALLOWLIST_REQUIRE is on. Audited once per listing. Steps in the
/// order of <see cref="ReadPipeline"/>: repository, guard (the folder), walk, allowlist per file, audit.
/// </summary>
public sealed class TreeService(
    ReadPipeline pipeline,
    RepositoryWalker walker)
{
    public const int MaxEntries = 2000;
    public const int MaxDepthLimit = 6;

    /// <summary>The failures <see cref="ListAsync"/> can answer, declared once for the OpenAPI document (TreeEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
    ]);

    public Task<Outcome<TreeResult>> ListAsync(string? path, int maxDepth, string actor, string operationPrefix = "") =>
        ReadPipeline.RunAsync(() => ListCoreAsync(path, maxDepth, new ReadCaller(actor, operationPrefix)));

    private async Task<Outcome<TreeResult>> ListCoreAsync(string? path, int maxDepth, ReadCaller caller)
    {
        if (!pipeline.Repository().TryGet(out var repo, out var problem))
        {
            return problem;
        }

        if (maxDepth is < 0 or > MaxDepthLimit)
        {
            return Problem.BadRequest($"Query parameter 'max_depth' must be between 0 and {MaxDepthLimit}.");
        }

        if (!(await pipeline.GuardFolderAsync(repo, caller, path)).TryGet(out var folder, out problem))
        {
            return problem;
        }

        var filter = pipeline.AllowlistFor(repo); // SECURITY: allowlist-required mode
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

        await pipeline.AuditAsync(caller, "LIST_TREE", folder.RelativePath, $"depth:{maxDepth}", ReadAudit.Sha256Hex(string.Join('\n', files)));
        return new TreeResult(files, truncated);
    }
}
