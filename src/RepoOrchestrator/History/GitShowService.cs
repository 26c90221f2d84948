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

    public Task<Outcome<GitShowResult>> ShowAsync(string? @ref, string? path, int startLine, int? endLine, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => ShowCoreAsync(@ref, path, startLine, endLine, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<GitShowResult>> ShowCoreAsync(string? @ref, string? path, int startLine, int? endLine, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem))
        {
            return problem;
        }

        if (startLine < 1)
        {
            return Problem.BadRequest("Query parameter 'start_line' must be 1 or greater.");
        }

        if (endLine is { } requestedEnd && requestedEnd < startLine)
        {
            return Problem.BadRequest("Query parameter 'end_line' must be greater than or equal to start_line.");
        }

        if (string.IsNullOrEmpty(path))
        {
            return Problem.BadRequest("Query parameter 'path' is required: the file to show at the ref, e.g. src/app.py.");
        }

        var refName = string.IsNullOrEmpty(@ref) ? "HEAD" : @ref;
        if (!GitRefName.Check(refName, "ref").TryGet(out refName, out problem)
            || !(await paths.CheckAsync(root, caller, path)).TryGet(out var gitPath, out problem)
            || !git.Open(root).TryGet(out var opened, out problem)) // SECURITY: git dir checked and pinned before any git call
        {
            return problem;
        }

        using var repo = opened;
        if (!(await repo.ResolveCommitAsync(refName, "ref", ct)).TryGet(out var commit, out problem)
            || !(await BlobAsync(pipeline, repo, commit, refName, gitPath, caller, ct)).TryGet(out var blob, out problem))
        {
            return problem;
        }

        if (!(await repo.RunAsync("cat-file -s", ["cat-file", "-s", "--end-of-options", blob], 64, ct)).TryGet(out var size, out problem))
        {
            return problem;
        }

        if (!long.TryParse(size.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes > limits.MaxFileBytes)
        {
            return Problem.TooLarge($"File too large: '{gitPath}' at '{refName}' exceeds ORCH_MAX_FILE_BYTES ({limits.MaxFileBytes} bytes).");
        }

        // SECURITY: `cat-file blob` gives the stored bytes: no textconv, no filter driver, nothing the repository names runs.
        if (!(await repo.RunAsync("cat-file blob", ["cat-file", "blob", "--end-of-options", blob], (int)Math.Min(int.MaxValue, bytes + 1), ct))
            .TryGet(out var content, out problem))
        {
            return problem;
        }

        var whole = content.StandardOutput;
        if (whole.AsSpan(0, Math.Min(whole.Length, TextLines.BinaryProbeBytes)).Contains('\0'))
        {
            return Problem.UnsupportedMediaType($"Binary file: '{gitPath}' at '{refName}' is not served (it has a NUL byte in its first 8 KiB).");
        }

        var total = TextLines.Count(System.Text.Encoding.UTF8.GetBytes(whole));
        string body;
        bool truncated;
        var hidden = 0;
        int lastLine;
        if (startLine > total)
        {
            (body, truncated, lastLine) = ("", false, startLine - 1); // past the end: empty body, total_lines tells the real length
        }
        else
        {
            // Same window as /file: a range longer than ORCH_MAX_LINES is cut; a default end is a full page.
            var wantedEnd = endLine ?? (long)startLine + limits.MaxLines - 1;
            var cut = wantedEnd - startLine + 1 > limits.MaxLines;
            lastLine = (int)Math.Min(cut ? (long)startLine + limits.MaxLines - 1 : wantedEnd, total);
            (body, truncated, hidden) = served.Serve(whole, startLine, lastLine, lastLine < total && (cut || endLine is null));
        }

        var hash = ReadAudit.Sha256Hex(body);
        await pipeline.AuditAsync(caller, "GIT_SHOW", $"{refName}:{gitPath}", $"{startLine}-{lastLine}", hash);
        return new GitShowResult(refName, commit, gitPath, body, total, hash, truncated, startLine, lastLine, hidden);
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
