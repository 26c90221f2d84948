using RepoOrchestrator.Cli;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>What one in-process run of the command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
}

/// <summary>
/// Runs `repo-orchestrator &lt;args&gt;` in-process with captured output, pointed at a test host's ORCH_HOME and
/// root through `--ORCH_X=value` settings, exactly as an operator's terminal shares a running service's home.
/// </summary>
public static class Cli
{
    public static Task<CliResult> RunAsync(OrchestratorApp app, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        return RunAsync([.. args, $"--ORCH_HOME={app.Home}", $"--ORCH_REPO_ROOT={app.Root}"]);
    }

    public static async Task<CliResult> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await OrchestratorCommandLine.RunAsync(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
