using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Git;

/// <summary>
/// The only way the service runs git. <see cref="Open"/> checks the repository's git dir (<see cref="GitDirCheck"/>)
/// and hands out the <see cref="GitRepository"/> every call goes through, so no git process starts for a repository
/// whose git data lies outside it. Each process runs in the <see cref="GitSandbox"/> (own environment, the pinned git dir
/// and no work tree, execution-capable configuration overridden), bounded by ORCH_SUBPROCESS_TIMEOUT with the
/// process tree killed on expiry. git's own words go to the operational log (redacted), never to the caller.
/// </summary>
public sealed class GitRunner(IProcessRunner processes, SubprocessSettings subprocesses, ITextRedactor redactor, ILogger<GitRunner> logger)
{
    public TimeSpan Timeout => TimeSpan.FromSeconds(subprocesses.TimeoutSeconds);

    internal int TimeoutSeconds => subprocesses.TimeoutSeconds;

    /// <summary>The checked repository at <paramref name="repository"/> (a real path); 400 when its git folder is refused.</summary>
    public Outcome<GitRepository> Open(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var verdict = GitDirCheck.Check(repository);
        if (verdict.Problem is { } problem)
        {
            GitLog.GitDirRefused(logger, problem);
            return Problem.BadRequest( // SECURITY: no git process for a repository whose git data lies elsewhere
                $"The active repository's git folder cannot be used: {problem}. The service reads git data only from a "
                + "repository whose .git is a real folder inside it (worktrees, gitfiles, alternates and links pointing outside are refused).");
        }

        return new GitRepository(this, repository, verdict.GitDir!);
    }

    internal Task<ProcessResult> RunAsync(GitRepository repository, IReadOnlyList<string> arguments, int maxOutputChars, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var request = new ProcessRequest(
            "git",
            [.. GitSandbox.GlobalOptions(repository.WorkTree), .. arguments],
            repository.GitDir.Path, // SECURITY: the pinned git dir: a .git swapped after the check is not followed
            GitSandbox.Environment(Environment.GetEnvironmentVariable),
            maxOutputChars,
            ReplaceEnvironment: true); // SECURITY: the sandbox's environment only
        return processes.RunAsync(request, Timeout, ct);
    }

    /// <summary>Logs git's own text for the operator (redacted: a config value quoted by git may be a secret).</summary>
    internal void LogFailure(string command, ProcessResult result, GitRepository repository)
    {
        var text = result.StandardError.Replace(repository.WorkTree, "<repo>", StringComparison.Ordinal).Trim();
        text = redactor.Redact(text.Length > 2000 ? text[..2000] : text);
        if (text.Contains("dubious ownership", StringComparison.Ordinal))
        {
            GitLog.Ownership(logger, command, text);
        }
        else
        {
            GitLog.Failed(logger, command, result.ExitCode, text);
        }
    }
}
