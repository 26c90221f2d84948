using System.Text.RegularExpressions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.Git;

/// <summary>
/// A repository whose git dir passed <see cref="GitDirCheck"/>: the only thing git commands run against. Failures are
/// told in the service's words — not a commit, timed out, unreadable — never with git's text, which can quote
/// configuration values and host paths; that text goes to the operational log.
/// </summary>
public sealed partial class GitRepository : IDisposable
{
    private readonly GitRunner _runner;

    internal GitRepository(GitRunner runner, string workTree, PinnedGitDir gitDir)
    {
        _runner = runner;
        WorkTree = workTree;
        GitDir = gitDir;
    }

    /// <summary>The repository folder (real path).</summary>
    public string WorkTree { get; }

    /// <summary>Its checked `.git` folder, held open while this object lives.</summary>
    public PinnedGitDir GitDir { get; }

    public void Dispose() => GitDir.Dispose();

    /// <summary>Runs a git command and returns its output; a timeout or a failure becomes a problem in our words.</summary>
    public async Task<Outcome<ProcessResult>> RunAsync(string command, IReadOnlyList<string> arguments, int maxOutputChars, CancellationToken ct)
    {
        var result = await _runner.RunAsync(this, arguments, maxOutputChars, ct);
        if (result.TimedOut)
        {
            return TimedOut(command);
        }

        if (result.ExitCode != 0)
        {
            _runner.LogFailure(command, result, this);
            return Unreadable();
        }

        return result;
    }

    /// <summary>
    /// The commit id <paramref name="name"/> names (`rev-parse --verify --end-of-options name^{commit}`), so only ids
    /// reach later commands. 400 naming <paramref name="parameter"/> when it names no commit.
    /// </summary>
    public async Task<Outcome<string>> ResolveCommitAsync(string name, string parameter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = await _runner.RunAsync(this, ["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], 1024, ct);
        if (result.TimedOut)
        {
            return TimedOut("rev-parse");
        }

        var id = result.StandardOutput.Trim();
        if (result.ExitCode == 0 && CommitId().IsMatch(id))
        {
            return id;
        }

        // --quiet: a name that resolves to nothing exits 1 with no text, and one that resolves to something other than
        // one commit id (`^HEAD`, a negative revision) exits 0. SECURITY: a name of an existing blob or tree (an id, a
        // prefix, `id~1`) also exits 1, saying "expected commit type" on stderr: it gets the same answer as a name of
        // nothing, or the answer would tell whether an object with that id exists (a hash of a guessed file, redacted
        // value included, confirmed online). A damaged repository dies with 128; git's text goes to the log either way.
        if (result.ExitCode is 0 or 1)
        {
            if (result.StandardError.Length > 0)
            {
                _runner.LogFailure("rev-parse", result, this);
            }

            return Problem.BadRequest(
                $"Query parameter '{parameter}': '{name}' is not a commit in the active repository (no branch, tag or commit id of that name).");
        }

        _runner.LogFailure("rev-parse", result, this);
        return Unreadable();
    }

    private Problem TimedOut(string command) => Problem.BadRequest(
        $"git {command} did not finish within {_runner.TimeoutSeconds} s (ORCH_SUBPROCESS_TIMEOUT) and was stopped; timed out. Try a smaller range.");

    private static Problem Unreadable() => Problem.Conflict(
        "git cannot read the active repository (it may be damaged, or not readable by the service's user); the service's log says why.");

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitId();
}
