using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Diff;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.History;

/// <summary>
/// A commit for /git/show and the MCP git_show tool when no path is given: its id, parents, author, dates, subject and
/// message (redacted, hidden characters shown), then its changes against its first parent (a root commit: against the
/// empty tree) as `git diff --stat`, or the patch with mode=patch. The changes are made by <see cref="DiffService"/>'s
/// one diff, so the files a read would refuse (dot-names, denied folders and extensions, the required allowlist) are
/// left out exactly as in /diff, and no driver or textconv the repository names ever runs. Steps in the order of
/// <see cref="ReadPipeline"/>: repository, ref (checked, resolved to a commit id), metadata, diff (name rules and
/// allowlist per changed path, redaction), cap, audit.
/// </summary>
public sealed partial class GitCommitService(ReadLimits limits, ReadPipeline pipeline, GitRunner git, DiffService diffs, HistoryText served)
{
    /// <summary>A commit message longer than this is cut (with the marker); the changes get the rest of ORCH_MAX_BYTES.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    // git's empty tree, the "parent" of a root commit, in each object format.
    private const string EmptyTreeSha1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private const string EmptyTreeSha256 = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

    /// <summary>The failures <see cref="ShowCommitAsync"/> can answer (part of GitShowService.Failures for the endpoint).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
    ]);

    public Task<Outcome<GitCommitResult>> ShowCommitAsync(string? @ref, string? mode, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => ShowCoreAsync(@ref, mode, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<GitCommitResult>> ShowCoreAsync(string? @ref, string? mode, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem))
        {
            return problem;
        }

        var refName = string.IsNullOrEmpty(@ref) ? "HEAD" : @ref;
        if (!GitRefName.Check(refName, "ref").TryGet(out refName, out problem))
        {
            return problem;
        }

        if (mode is not (null or "" or "stat" or "patch"))
        {
            return Problem.BadRequest("Query parameter 'mode' must be 'stat' or 'patch'.");
        }

        var patch = mode == "patch";
        if (!git.Open(root).TryGet(out var opened, out problem)) // SECURITY: git dir checked and pinned before any git call
        {
            return problem;
        }

        using var repo = opened;
        if (!(await repo.ResolveCommitAsync(refName, "ref", ct)).TryGet(out var id, out problem)
            || !(await MetadataAsync(repo, id, ct)).TryGet(out var meta, out problem))
        {
            return problem;
        }

        var (subject, message, hidden) = served.ServeMessage(meta.Message);
        (message, _) = OutputLimits.Cap(message, Math.Min(MaxMessageBytes, limits.MaxBytes / 4), false);
        // The whole answer (header, message, changes) stays within ORCH_MAX_BYTES: the changes get what is left.
        var left = limits.MaxBytes - Encoding.UTF8.GetByteCount(meta.Author) - Encoding.UTF8.GetByteCount(subject) - Encoding.UTF8.GetByteCount(message) - 1024;
        var parent = meta.Parents.Count > 0 ? meta.Parents[0] : (id.Length == 64 ? EmptyTreeSha256 : EmptyTreeSha1);
        if (!(await diffs.DiffIdsAsync(repo, parent, id, patch, ct, Math.Max(1024, left))).TryGet(out var changes, out problem))
        {
            return problem;
        }

        var result = new GitCommitResult(refName, id, meta.Parents, served.ServeField(meta.Author), meta.AuthorDate, meta.CommitDate,
            subject, message.TrimEnd('\n'), patch ? "patch" : "stat", changes.Text, changes.Truncated,
            hidden + changes.HiddenCharacters);
        await pipeline.AuditAsync(caller, "GIT_SHOW", refName, "commit " + result.Mode, ReadAudit.Sha256Hex(result.Text()));
        return result;
    }

    private static async Task<Outcome<(IReadOnlyList<string> Parents, string Author, string AuthorDate, string CommitDate, string Message)>> MetadataAsync(
        GitRepository repo, string id, CancellationToken ct)
    {
        // SECURITY: a random separator the repository cannot know, so no message or name can forge a field.
        var separator = "\u001f" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\u001f";
        string[] arguments =
        [
            "log", "-1", "--no-show-signature", "--no-mailmap", "--no-decorate", "--no-color", "--no-notes",
            "--format=%P" + separator + "%an" + separator + "%aI" + separator + "%cI" + separator + "%B", // the raw message: HistoryText.ServeMessage
            "--end-of-options", id, "--",
        ];
        if (!(await repo.RunAsync("log", arguments, 1024 * 1024, ct)).TryGet(out var result, out var problem))
        {
            return problem;
        }

        var fields = result.StandardOutput.Split(separator);
        if (fields.Length != 5 || result.OutputTruncated)
        {
            return Problem.Conflict("git log gave output the service cannot read; the service's log says why.");
        }

        var parents = fields[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!parents.All(p => CommitId().IsMatch(p)))
        {
            return Problem.Conflict("git log gave output the service cannot read; the service's log says why.");
        }

        return (parents, fields[1], fields[2].Trim(), fields[3].Trim(), fields[4]);
    }

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitId();
}
