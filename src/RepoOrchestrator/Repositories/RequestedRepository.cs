namespace RepoOrchestrator.Repositories;

/// <summary>
/// The repository a read names with its optional `repo` parameter (a name under the root, as list_repos shows it), or
/// null for the active one. Set once by each door for the request or tool call — the HTTP filter of every endpoint
/// marked <see cref="ReadsRepositoryConventions.ReadsRepository"/>, the MCP door in McpCaller.From — and read only by
/// <see cref="Reading.ReadPipeline.Repository"/>, which resolves it under the root and the caller's scope. No feature
/// passes it along, so no read can take another repository than the one its caller named.
/// </summary>
public static class RequestedRepository
{
    public const string Parameter = "repo";
    public const int MaxLength = 255;

    public const string Description =
        "Repository to read: its name under the root (as list_repos shows it, e.g. app or team/api). Default: the active repository.";

    private static readonly AsyncLocal<string?> Requested = new();

    public static string? Current => Requested.Value;

    /// <summary>Sets (or, with null or "", clears) the repository for the rest of this request or tool call.</summary>
    public static void Set(string? name) => Requested.Value = string.IsNullOrEmpty(name) ? null : name;
}
