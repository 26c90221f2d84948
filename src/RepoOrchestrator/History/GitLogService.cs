using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.History;

/// <summary>
/// `git log` of the active repository for /git/log and the MCP git_log tool: commits (id, author, date, subject) reachable
/// from a ref, newest first, optionally only those touching a path, a page at a time with an opaque cursor. Steps in the
/// order of <see cref="ReadPipeline"/>: repository, ref (checked, resolved to a commit id), path (lexical read rules,
/// <see cref="HistoryPaths"/>), git log in the sandbox, redaction of names and subjects (<see cref="HistoryText"/>), audit.
/// </summary>
public sealed partial class GitLogService(ReadPipeline pipeline, GitRunner git, HistoryPaths paths, HistoryText served)
{
    public const int DefaultMaxCount = 20;
    public const int MaxMaxCount = 100;
    private const int MaxSkip = 10_000_000;

    /// <summary>The failures <see cref="LogAsync"/> can answer, declared once for the OpenAPI document.</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
    ]);

    public Task<Outcome<GitLogResult>> LogAsync(string? path, string? @ref, int? maxCount, string? cursor, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => LogCoreAsync(path, @ref, maxCount, cursor, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<GitLogResult>> LogCoreAsync(string? path, string? @ref, int? maxCount, string? cursor, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem))
        {
            return problem;
        }

        var count = maxCount ?? DefaultMaxCount;
        if (count is < 1 or > MaxMaxCount)
        {
            return Problem.BadRequest($"Query parameter 'max_count' must be between 1 and {MaxMaxCount}.");
        }

        var refName = string.IsNullOrEmpty(@ref) ? "HEAD" : @ref;
        if (!GitRefName.Check(refName, "ref").TryGet(out refName, out problem))
        {
            return problem;
        }

        (string Commit, int Skip)? page = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (DecodeCursor(cursor) is not { } decoded)
            {
                return Problem.BadRequest("Query parameter 'cursor' is not a cursor this service issued; pass next_cursor from the previous page as it is, or leave it out to start again.");
            }

            page = decoded;
        }

        string? gitPath = null;
        if (!string.IsNullOrEmpty(path) && !(await paths.CheckAsync(root, caller, path, mayBeFolder: true)).TryGet(out gitPath, out problem))
        {
            return problem;
        }

        if (!git.Open(root).TryGet(out var opened, out problem)) // SECURITY: git dir checked and pinned before any git call
        {
            return problem;
        }

        using var repo = opened;
        // SECURITY: only a 40/64-hex id from the cursor reaches git, after --end-of-options, and it must name a commit
        if (!(await repo.ResolveCommitAsync(page?.Commit ?? refName, page is null ? "ref" : "cursor", ct)).TryGet(out var start, out problem))
        {
            return problem;
        }

        var skip = page?.Skip ?? 0;
        // SECURITY: a random separator the repository cannot know, so no subject or name can forge a field or a commit.
        var separator = "\u001f" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\u001f";
        List<string> arguments =
        [
            "log", "--no-show-signature", "--no-mailmap", "--no-decorate", "--no-color", "--no-notes",
            "--format=" + separator + "%H" + separator + "%aI" + separator + "%an" + separator + "%B", // the raw message: HistoryText.ServeMessage
            "--skip=" + skip.ToString(CultureInfo.InvariantCulture), "-n", (count + 1).ToString(CultureInfo.InvariantCulture),
            "--end-of-options", start, "--",
        ];
        if (gitPath is not null)
        {
            arguments.Add(":(literal)" + gitPath); // SECURITY: a literal pathspec: no glob or magic from the caller
        }

        if (!(await repo.RunAsync("log", arguments, 4 * 1024 * 1024, ct)).TryGet(out var result, out problem))
        {
            return problem;
        }

        if (result.OutputTruncated)
        {
            return Problem.BadRequest("The commits of this page are too large to list; ask for fewer with max_count.");
        }

        var commits = new List<GitCommitEntry>();
        var fields = result.StandardOutput.Split(separator);
        // fields[0] is empty; then 4 per commit (the message carries git's record terminator)
        for (var i = 1; i + 3 < fields.Length; i += 4)
        {
            var id = fields[i];
            if (!CommitId().IsMatch(id))
            {
                return Problem.Conflict("git log gave output the service cannot read; the service's log says why.");
            }

            commits.Add(new GitCommitEntry(id, served.ServeField(fields[i + 2]), fields[i + 1].Trim(), served.ServeMessage(fields[i + 3]).Subject));
        }

        string? next = null;
        if (commits.Count > count)
        {
            commits.RemoveAt(commits.Count - 1);
            next = EncodeCursor(start, skip + count);
        }

        var hash = ReadAudit.Sha256Hex(string.Join('\n', commits.Select(c => $"{c.Id}\u001f{c.Author}\u001f{c.Date}\u001f{c.Subject}")));
        await pipeline.AuditAsync(caller, "GIT_LOG", gitPath ?? ".", $"{refName} skip={skip} n={commits.Count}", hash);
        return new GitLogResult(refName, start, gitPath, commits, next, next is not null);
    }

    private static string EncodeCursor(string commit, int skip) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{commit}:{skip.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SECURITY: a cursor is accepted only in exactly the form <see cref="EncodeCursor"/> writes; anything else is 400.</summary>
    private static (string Commit, int Skip)? DecodeCursor(string cursor)
    {
        if (cursor.Length > 200 || !Base64Url().IsMatch(cursor))
        {
            return null;
        }

        var padded = cursor.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }

        var match = CursorText().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
            || skip < 1 || skip > MaxSkip || EncodeCursor(match.Groups[1].Value, skip) != cursor)
        {
            return null;
        }

        return (match.Groups[1].Value, skip);
    }

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitId();

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Url();

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64}):([1-9][0-9]{0,7})$", RegexOptions.CultureInvariant)]
    private static partial Regex CursorText();
}
