using System.Globalization;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.History;

/// <summary>
/// A file's content at a ref for /git/show and the MCP git_show tool. Steps in the order of <see cref="ReadPipeline"/>:
/// repository, line range, ref (checked, resolved to a commit id), path (lexical read rules, <see cref="HistoryPaths"/>),
/// the tree entry (`git ls-tree`: only a regular file, never a symlink, submodule or folder), size against
/// ORCH_MAX_FILE_BYTES, the blob (`git cat-file blob`: no filter, no textconv), binary check, slice, redaction with the
/// whole file in context and cap (<see cref="HistoryText"/>), audit.
/// </summary>
public sealed partial class GitShowService(ReadLimits limits, ReadPipeline pipeline, GitRunner git, HistoryPaths paths, HistoryText served)
{
    /// <summary>The failures <see cref="ShowAsync"/> can answer, declared once for the OpenAPI document.</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
        StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity,
    ]);

    /// <summary>
    /// The one rule of which /git/show parameters go together (both doors): lines select part of a file, so they need a
    /// path; mode selects how a commit's changes are shown, so it needs none. Null when they fit.
    /// </summary>
    public static Problem? ArgumentsRefusal(string? path, bool linesGiven, string? mode) =>
        string.IsNullOrEmpty(path)
            ? linesGiven ? Problem.BadRequest("Parameters 'start_line' and 'end_line' select lines of a file: give 'path' too, or leave them out to show the commit.") : null
            : string.IsNullOrEmpty(mode) ? null : Problem.BadRequest("Parameter 'mode' applies to a commit (no path); for a file ask for lines with 'start_line' and 'end_line'.");

    public Task<Outcome<GitShowResult>> ShowAsync(string? @ref, string? path, int startLine, int? endLine, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => ShowCoreAsync(@ref, path, startLine, endLine, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<GitShowResult>> ShowCoreAsync(string? @ref, string? path, int startLine, int? endLine, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem))
        {
            return problem;
        }

        if (ReadWindow.Refusal(startLine, endLine) is { } badRange)
        {
            return badRange;
        }

        if (!(await FileAtRef.LoadAsync(pipeline, git, paths, limits, root, caller, @ref, path, "the file to show at the ref", ct)).TryGet(out var loaded, out problem))
        {
            return problem;
        }

        using var file = loaded;
        string body;
        bool truncated;
        var hidden = 0;
        int lastLine;
        if (startLine > file.TotalLines)
        {
            (body, truncated, lastLine) = ("", false, startLine - 1); // past the end: empty body, total_lines tells the real length
        }
        else
        {
            // Same window as /file.
            (lastLine, var stoppedEarly) = ReadWindow.Slice(startLine, endLine, file.TotalLines, limits.MaxLines);
            (body, truncated, hidden, lastLine) = served.ServeWindow(file.Whole, startLine, lastLine, stoppedEarly);
        }

        var hash = ReadAudit.Sha256Hex(body);
        await pipeline.AuditAsync(caller, "GIT_SHOW", $"{file.RefName}:{file.GitPath}", $"{startLine}-{lastLine}", hash);
        return new GitShowResult(file.RefName, file.Commit, file.GitPath, body, file.TotalLines, hash, truncated, startLine, lastLine, hidden);
    }

    /// <summary>The blob id of <paramref name="path"/> at <paramref name="commit"/>; 404 when absent, 403 when not a regular file.</summary>
    internal static async Task<Outcome<string>> BlobAsync(ReadPipeline pipeline, GitRepository repo, string commit, string refName, string path, ReadCaller caller, CancellationToken ct)
    {
        if (!(await repo.RunAsync("ls-tree", ["ls-tree", "-z", "--full-tree", "--end-of-options", commit, "--", ":(literal)" + path], 64 * 1024, ct))
            .TryGet(out var result, out var problem))
        {
            return problem;
        }

        var entries = result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var match = entries.Select(e => TreeEntry().Match(e)).FirstOrDefault(m => m.Success && m.Groups[4].Value == path);
        if (match is null)
        {
            return Problem.NotFound($"Not found: '{path}' does not exist at '{refName}' (list its history with git_log and path).");
        }

        // SECURITY: only a regular file (100644/100755): a symlink's target, a submodule or a folder is never served.
        if (match.Groups[1].Value is not ("100644" or "100755") || match.Groups[2].Value != "blob")
        {
            return await pipeline.AuditDenialAsync<string>(caller, path, () =>
                Problem.Forbidden($"Access denied: '{path}' at '{refName}' is not a regular file (a symbolic link, submodule or folder is not served)."));
        }

        return match.Groups[3].Value;
    }

    [GeneratedRegex("^([0-7]{6}) ([a-z]+) ([0-9a-f]{40}|[0-9a-f]{64})\t(.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex TreeEntry();
}
