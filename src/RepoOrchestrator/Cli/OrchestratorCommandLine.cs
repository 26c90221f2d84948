using System.CommandLine;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Cli;

/// <summary>
/// The `repo-orchestrator` command line. Serving is the default: unknown tokens (such as the arguments the
/// test host passes to Main) go on to the web host untouched. Every other command works on the same
/// ORCH_HOME as a running service and takes the same `--ORCH_X=value` settings.
/// </summary>
public static class OrchestratorCommandLine
{
    public static RootCommand Create(string[] originalArgs)
    {
        ArgumentNullException.ThrowIfNull(originalArgs);
        var (settings, _) = CliConfiguration.Split(originalArgs);
        var root = new RootCommand("Repo Orchestrator: safe, read-only, audited access to local git repositories.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((_, _) => OrchestratorApplication.RunAsync(originalArgs));

        var serve = new Command("serve", "Run the HTTP service (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, _) => OrchestratorApplication.RunAsync([.. settings, .. result.UnmatchedTokens]));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(TokenCommands.Create(settings));
        root.Subcommands.Add(PanicCommands.Create(settings));
        root.Subcommands.Add(AuditCommands.Create(settings));
        root.Subcommands.Add(RepositoryCommands.Create(settings));
        root.Subcommands.Add(McpCommand.Create(settings));
        return root;
    }

    /// <summary>Parses and runs; <paramref name="output"/> and <paramref name="error"/> default to the console (tests capture them).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The --ORCH_* settings are configuration, not options of a command: they are taken out before parsing.
        var (_, commandTokens) = CliConfiguration.Split(args);
        var root = Create(args);
        var parsed = root.Parse(commandTokens);
        var serving = parsed.CommandResult.Command is RootCommand || parsed.CommandResult.Command.Name == "serve";
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Serving: the web host handles Ctrl+C / SIGTERM itself (graceful shutdown, exit code 0); the
            // command line's own handler would end the process after its short timeout with 130/143.
            ProcessTerminationTimeout = serving ? null : TimeSpan.FromSeconds(2),
        };
        return parsed.InvokeAsync(configuration);
    }
}
