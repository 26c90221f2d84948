using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Diff;

/// <summary>
/// `git diff --stat &lt;base&gt; &lt;head&gt;` (or the full patch) of the active repository for /diff and the MCP
/// git_diff tool (SPEC 5), run through the git sandbox (<see cref="GitRunner"/>). Refs are validated, then resolved
/// to commit ids, so only ids reach `git diff`. Submodules are shown as their commit ids, never expanded. Files that /file
/// would refuse by name (dot-names, denied folders and extensions) or by the required allowlist are left out
/// of the diff, so a patch never shows what a read could not. Output is redacted, then capped at ORCH_MAX_BYTES. Steps
/// in the order of <see cref="ReadPipeline"/>: repository, refs, name rules and allowlist per changed path, git diff,
/// redaction, cap, audit.
/// </summary>
public sealed partial class DiffService(
    ReadLimits limits,
    PathPolicy policy,
    ReadPipeline pipeline,
    GitRunner git,
    ServiceFiles serviceFiles,
    ITextRedactor redactor)
{
    /// <summary>
    /// Options of every diff: no external diff driver, no textconv (both run programs the repository names), no colour,
    /// and submodules as one "Subproject commit" line each: expanding them would run git inside the submodule, whose
    /// own configuration and files (a denied `.env` among them) are outside what the path rules check.
    /// </summary>
    private static readonly string[] DiffOptions = ["diff", "--no-ext-diff", "--no-textconv", "--no-color", "--submodule=short"];

    /// <summary>Extra output captured past the cap, so redaction sees whole secrets near the cut.</summary>
    private const int CaptureSlack = 64 * 1024;

    /// <summary>The failures <see cref="DiffAsync"/> can answer, declared once for the OpenAPI document (DiffEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
    ]);

    public Task<Outcome<DiffResult>> DiffAsync(string? baseRef, string? headRef, string? mode, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => DiffCoreAsync(baseRef, headRef, mode, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<DiffResult>> DiffCoreAsync(string? baseRef, string? headRef, string? mode, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var root, out var problem)
            || !git.Open(root).TryGet(out var opened, out problem)) // SECURITY: git dir checked and pinned before any git call
        {
            return problem;
        }

        using var repo = opened;
        if (!GitRefName.Check(string.IsNullOrEmpty(baseRef) ? "main" : baseRef, "base").TryGet(out var baseName, out problem)
            || !GitRefName.Check(string.IsNullOrEmpty(headRef) ? "HEAD" : headRef, "head").TryGet(out var headName, out problem))
        {
            return problem;
        }

        bool patch;
        switch (mode)
        {
            case null or "" or "stat":
                patch = false;
                break;
            case "patch":
                patch = true;
                break;
            default:
                return Problem.BadRequest("Query parameter 'mode' must be 'stat' or 'patch'.");
        }

        if (!(await repo.ResolveCommitAsync(baseName, "base", ct)).TryGet(out var baseId, out problem)
            || !(await repo.ResolveCommitAsync(headName, "head", ct)).TryGet(out var headId, out problem)
            || !(await DiffIdsAsync(repo, baseId, headId, patch, ct)).TryGet(out var diff, out problem))
        {
            return problem;
        }

        await pipeline.AuditAsync(caller, "DIFF", $"{baseName}..{headName}", patch ? "patch" : "stat", ReadAudit.Sha256Hex(diff.Text));
        return diff;
    }

    /// <summary>
    /// The diff between two commit (or tree) ids already resolved: the files a read would refuse left out, redacted,
    /// capped (at <paramref name="maxBytes"/> when lower than ORCH_MAX_BYTES). The one place a diff is made, for /diff and
    /// for a commit's changes in /git/show. Not audited here.
    /// </summary>
    internal async Task<Outcome<DiffResult>> DiffIdsAsync(GitRepository repo, string baseId, string headId, bool patch, CancellationToken ct, int? maxBytes = null)
    {
        if (!(await RefusedPathsAsync(repo, baseId, headId, ct)).TryGet(out var excluded, out var problem))
        {
            return problem;
        }

        List<string> arguments = [.. DiffOptions, .. patch ? (string[])["--patch", "--full-index"] : ["--stat"]];
        if (excluded.Count > 0)
        {
            arguments.Add("--no-renames"); // a rename pair must not carry a refused file's content under the other name
        }

        arguments.AddRange(["--end-of-options", baseId, headId, "--", "."]);
        arguments.AddRange(excluded.SelectMany(ExcludeSpecs));
        if (!(await repo.RunAsync("diff", arguments, limits.MaxBytes + CaptureSlack, ct)).TryGet(out var result, out problem))
        {
            return problem;
        }

        var text = result.StandardOutput;
        var truncated = result.OutputTruncated;
        if (truncated)
        {
            text = text[..(text.LastIndexOf('\n') + 1)]; // drop the cut last line: half a secret would escape redaction
        }

        // SECURITY: every hunk line as /file serves it, judged with its whole file around it; then the whole patch
        // (headers, paths) redacted (key blocks included) and revealed before anything leaves
        if ((patch && !(await HunksAsFilesServeThem(repo, text, ct)).TryGet(out text, out problem))
            || !RedactWithinBudget(text).TryGet(out var served, out problem))
        {
            return problem;
        }

        (text, truncated) = maxBytes is { } cap ? pipeline.Cap(served.Text, truncated, cap) : pipeline.Cap(served.Text, truncated);
        return new DiffResult(text, truncated, served.HiddenCharacters);
    }

    private async Task<Outcome<string>> HunksAsFilesServeThem(GitRepository repo, string patch, CancellationToken ct)
    {
        try
        {
            return await new PatchLines(redactor, limits.MaxFileBytes).RedactAsync(repo, patch, ct);
        }
        catch (ApiProblemException abort) when (RedactionBudget.IsExceeded(abort))
        {
            return abort.Problem with { Detail = BudgetDetail };
        }
    }

    // SECURITY: over the redaction budget the diff fails closed (422), with a detail that says how to ask for less.
    private Outcome<RevealedText> RedactWithinBudget(string text)
    {
        try
        {
            return RevealingRedaction.RedactLines(redactor, text, 1, int.MaxValue); // then hidden characters shown as <U+XXXX>
        }
        catch (ApiProblemException abort) when (RedactionBudget.IsExceeded(abort))
        {
            return abort.Problem with { Detail = BudgetDetail };
        }
    }

    internal const string BudgetDetail =
        "The diff is too costly to redact safely (too many secret-like candidates); use mode=stat, or compare refs closer together (a base nearer to head).";

    /// <summary>Changed files that a read would refuse (names, service files, required allowlist).</summary>
    private async Task<Outcome<List<string>>> RefusedPathsAsync(GitRepository repo, string baseId, string headId, CancellationToken ct)
    {
        if (!(await repo.RunAsync("diff --name-only", [.. DiffOptions, "--name-only", "-z", "--no-renames", "--end-of-options", baseId, headId], 16 * 1024 * 1024, ct))
            .TryGet(out var result, out var problem))
        {
            return problem;
        }

        if (result.OutputTruncated)
        {
            return Problem.BadRequest("The diff changes too many files to be checked; narrow the range.");
        }

        var filter = pipeline.AllowlistFor(repo.WorkTree);
        var refused = new List<string>();
        foreach (var path in result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RefusedPrefix(path) is { } prefix)
            {
                refused.Add(prefix); // SECURITY: same name rules as /file; a refused folder is excluded whole
            }
            else if ((filter is not null && !filter.Allows(path)) || serviceFiles.IsServiceOwned(Path.Join(repo.WorkTree, path)))
            {
                refused.Add(path); // SECURITY: allowlist-required mode covers diffs too
            }
        }

        return refused.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Pathspecs that leave <paramref name="path"/> (a file or a whole folder) out of the diff. git's names are bytes and
    /// reach us decoded as UTF-8, so a name that is not UTF-8 holds U+FFFD where its bytes were and a literal pathspec
    /// would never match it: such a name is excluded by a glob with `*` in place of each unreadable run (it may leave
    /// out a few more files, never fewer).
    /// </summary>
    private static IEnumerable<string> ExcludeSpecs(string path)
    {
        if (!path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return [":(exclude,literal)" + path];
        }

        var glob = new System.Text.StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c == '\uFFFD')
            {
                if (glob.Length == 0 || glob[^1] != '*')
                {
                    glob.Append('*'); // SECURITY: matches the undecodable bytes (never a '/')
                }
            }
            else
            {
                if (c is '*' or '?' or '[' or ']' or '\\')
                {
                    glob.Append('\\');
                }

                glob.Append(c);
            }
        }

        return [":(exclude,glob)" + glob, ":(exclude,glob)" + glob + "/**"];
    }

    /// <summary>The shortest prefix of <paramref name="path"/> that the name rules refuse, or null when none does.</summary>
    private string? RefusedPrefix(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (!PathRules.IsAllowedComponent(policy, parts[i], isFile: i == parts.Length - 1))
            {
                return string.Join('/', parts[..(i + 1)]);
            }
        }

        return null;
    }
}
