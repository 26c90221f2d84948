using RepoOrchestrator.Configuration;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.Git;

/// <summary>
/// Runs the git CLI against a repository the service does not trust. The repository's configuration may say
/// anything, so every call overrides each setting that could run a program or touch the network (command-line
/// `-c` beats every config file, includes too): no fsmonitor, no hooks, no auto gc/maintenance, no transport,
/// no optional locks, no pager. Diff callers add `--no-ext-diff --no-textconv`. The system config and system
/// attributes are not read; git never prompts, never fetches lazily, never looks above the repository folder.
/// The operator's own global config is still read (it is theirs, and the overrides win over it too). Bounded by
/// ORCH_SUBPROCESS_TIMEOUT; the process tree is killed on expiry.
/// </summary>
public sealed class GitRunner(IProcessRunner processes, OrchestratorOptions options)
{
    /// <summary>Global options placed before every git subcommand.</summary>
    public static readonly IReadOnlyList<string> HardeningOptions =
    [
        "--no-pager",
        "--no-optional-locks",
        "-c", "core.fsmonitor=false",
        "-c", "core.hooksPath=/dev/null",
        "-c", "gc.auto=0",
        "-c", "maintenance.auto=false",
        "-c", "protocol.allow=never",
        "-c", "core.pager=cat",
    ];

    public TimeSpan Timeout => TimeSpan.FromSeconds(options.SubprocessTimeoutSeconds);

    /// <summary>Runs `git &lt;hardening&gt; &lt;arguments&gt;` in <paramref name="repository"/> (a real path).</summary>
    public Task<ProcessResult> RunAsync(string repository, IReadOnlyList<string> arguments, int maxOutputChars, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(arguments);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1", // SECURITY: no system-wide config
            ["GIT_ATTR_NOSYSTEM"] = "1",
            ["GIT_NO_LAZY_FETCH"] = "1", // SECURITY: a partial clone never reaches the network
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_OPTIONAL_LOCKS"] = "0",
            ["GIT_PAGER"] = "cat",
            ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(repository) ?? repository, // never a parent's repository
            ["LC_ALL"] = "C",
        };
        var request = new ProcessRequest("git", [.. HardeningOptions, .. arguments], repository, environment, maxOutputChars);
        return processes.RunAsync(request, Timeout, ct);
    }
}
