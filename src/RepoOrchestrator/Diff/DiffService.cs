using System.Text.RegularExpressions;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Git;
using RepoOrchestrator.Processes;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Diff;

/// <summary>
/// `git diff --stat &lt;base&gt; &lt;head&gt;` (or the full patch) of the active repository for /diff and the MCP
/// git_diff tool (SPEC 5). Refs are validated, then resolved to commit ids with
/// `rev-parse --verify --end-of-options &lt;ref&gt;^{commit}`, so only ids reach `git diff`. Files that /file
/// would refuse by name (dot-names, denied folders and extensions) or by the required allowlist are left out
/// of the diff, so a patch never shows what a read could not. Output is redacted, then capped at ORCH_MAX_BYTES.
/// </summary>
public sealed partial class DiffService(
    OrchestratorOptions options,
    RepositoryService repositories,
    GitRunner git,
    AllowlistStore allowlist,
    ServiceFiles serviceFiles,
    ITextRedactor redactor,
    AuditLog audit)
{
    public const int MaxRefLength = 256;

    /// <summary>Extra output captured past the cap, so redaction sees whole secrets near the cut.</summary>
    private const int CaptureSlack = 64 * 1024;

    public async Task<DiffResult> DiffAsync(string? baseRef, string? headRef, string? mode, string actor, string operationPrefix, CancellationToken ct)
    {
        var repo = repositories.RequireActive();
        var baseName = ValidateRef(string.IsNullOrEmpty(baseRef) ? "main" : baseRef, "base");
        var headName = ValidateRef(string.IsNullOrEmpty(headRef) ? "HEAD" : headRef, "head");
        var patch = mode switch
        {
            null or "" or "stat" => false,
            "patch" => true,
            _ => throw ApiProblemException.BadRequest("Query parameter 'mode' must be 'stat' or 'patch'."),
        };

        var baseId = await ResolveAsync(repo, baseName, "base", ct);
        var headId = await ResolveAsync(repo, headName, "head", ct);
        var excluded = await RefusedPathsAsync(repo, baseId, headId, ct);

        List<string> arguments = ["diff", "--no-ext-diff", "--no-textconv", "--no-color", patch ? "--patch" : "--stat"];
        if (excluded.Count > 0)
        {
            arguments.Add("--no-renames"); // a rename pair must not carry a refused file's content under the other name
        }

        arguments.AddRange(["--end-of-options", baseId, headId, "--", "."]);
        arguments.AddRange(excluded.Select(p => ":(exclude,literal)" + p));
        var result = Check(await git.RunAsync(repo, arguments, options.MaxBytes + CaptureSlack, ct), repo, "git diff");

        var text = result.StandardOutput;
        var truncated = result.OutputTruncated;
        if (truncated)
        {
            text = text[..(text.LastIndexOf('\n') + 1)]; // drop the cut last line: half a secret would escape redaction
        }

        text = redactor.RedactLines(text, 1, int.MaxValue); // SECURITY: redaction (key blocks included) before anything leaves
        (text, truncated) = OutputLimits.Cap(text, options.MaxBytes, truncated);
        audit.Operation(operationPrefix + "DIFF", actor, $"{baseName}..{headName}", patch ? "patch" : "stat", ReadAudit.Sha256Hex(text));
        return new DiffResult(text, truncated);
    }

    private static string ValidateRef(string value, string parameter)
    {
        // SECURITY: no option injection and no revision syntax beyond plain names, ~ and ^.
        if (value.Length > MaxRefLength || value.StartsWith('-') || !RefPattern().IsMatch(value))
        {
            throw ApiProblemException.BadRequest(
                $"Query parameter '{parameter}' must be a git ref of at most {MaxRefLength} characters from [A-Za-z0-9_./~^-], not starting with '-'.");
        }

        return value;
    }

    private async Task<string> ResolveAsync(string repo, string name, string parameter, CancellationToken ct)
    {
        var result = await git.RunAsync(repo, ["rev-parse", "--verify", "--end-of-options", name + "^{commit}"], 1024, ct);
        if (result.TimedOut)
        {
            throw ApiProblemException.BadRequest($"git timed out after {options.SubprocessTimeoutSeconds} s resolving '{parameter}'.");
        }

        var id = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || !CommitIdPattern().IsMatch(id))
        {
            throw ApiProblemException.BadRequest(
                $"Query parameter '{parameter}': '{name}' is not a commit in the active repository: {Message(result, repo)}");
        }

        return id;
    }

    /// <summary>Changed files that a read would refuse (names, service files, required allowlist).</summary>
    private async Task<List<string>> RefusedPathsAsync(string repo, string baseId, string headId, CancellationToken ct)
    {
        var result = Check(
            await git.RunAsync(repo, ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--end-of-options", baseId, headId], 16 * 1024 * 1024, ct),
            repo,
            "git diff --name-only");
        if (result.OutputTruncated)
        {
            throw ApiProblemException.BadRequest("The diff changes too many files to be checked; narrow the range.");
        }

        var filter = AllowlistFilter.For(options.AllowlistRequire, allowlist, repo);
        var refused = new List<string>();
        foreach (var path in result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RefusedPrefix(path) is { } prefix)
            {
                refused.Add(prefix); // SECURITY: same name rules as /file; a refused folder is excluded whole
            }
            else if ((filter is not null && !filter.Allows(path)) || serviceFiles.IsServiceOwned(Path.Join(repo, path)))
            {
                refused.Add(path); // SECURITY: allowlist-required mode covers diffs too
            }
        }

        return refused.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The shortest prefix of <paramref name="path"/> that the name rules refuse, or null when none does.</summary>
    private string? RefusedPrefix(string path)
    {
        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (!PathRules.IsAllowedComponent(options, parts[i], isFile: i == parts.Length - 1))
            {
                return string.Join('/', parts[..(i + 1)]);
            }
        }

        return null;
    }

    private ProcessResult Check(ProcessResult result, string repo, string what)
    {
        if (result.TimedOut)
        {
            throw ApiProblemException.BadRequest($"{what} timed out after {options.SubprocessTimeoutSeconds} s.");
        }

        return result.ExitCode == 0 ? result : throw ApiProblemException.BadRequest($"{what} failed: {Message(result, repo)}");
    }

    private string Message(ProcessResult result, string repo)
    {
        var message = GitMessages.Clean(result.StandardError, repo);
        return redactor.Redact(message.Length == 0 ? $"exit code {result.ExitCode}" : message); // SECURITY: git's text is redacted too
    }

    [GeneratedRegex("^[A-Za-z0-9_./~^-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RefPattern();

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitIdPattern();
}
