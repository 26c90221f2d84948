using System.Collections.Frozen;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The tool names of SPEC 10 and which role may use each. The read-only token gets exactly <see cref="ReadTools"/>:
/// a tool missing from that list is hidden from it, so a new tool is admin-only until someone decides otherwise.
/// </summary>
public static class McpToolNames
{
    public const string GetStatus = "get_status";
    public const string Fetch = "fetch";
    public const string ListTree = "list_tree";
    public const string ReadFile = "read_file";
    public const string ReadFiles = "read_files";
    public const string Search = "search";
    public const string GitDiff = "git_diff";
    public const string GitLog = "git_log";
    public const string GitShow = "git_show";
    public const string GitBlame = "git_blame";
    public const string ListRepos = "list_repos";
    public const string SelectRepo = "select_repo";

    public static readonly FrozenSet<string> ReadTools =
        FrozenSet.Create(StringComparer.Ordinal, GetStatus, ListTree, ReadFile, ReadFiles, Search, Fetch, GitDiff, GitLog, GitShow, GitBlame);

    public static readonly FrozenSet<string> AdminTools =
        FrozenSet.Create(StringComparer.Ordinal, ListRepos, SelectRepo);

    /// <summary>Every tool, for checking a token's `--tools`.</summary>
    public static readonly FrozenSet<string> All = ReadTools.Union(AdminTools).ToFrozenSet(StringComparer.Ordinal);
}
