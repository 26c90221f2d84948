using System.CommandLine;
using System.CommandLine.Invocation;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `repo-orchestrator version` and the root's `--version`: print the product version (the one GET /status reports)
/// and exit 0. Read no settings and open no home: they work before anything is configured.
/// </summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and exit.");
        command.SetAction(result =>
        {
            if (result.UnmatchedTokens.Count > 0)
            {
                result.InvocationConfiguration.Error.WriteLine($"'version' takes no arguments: {string.Join(' ', result.UnmatchedTokens)}");
                return OrchestratorCommandLine.UsageError;
            }

            result.InvocationConfiguration.Output.WriteLine(StatusService.Version);
            return CliAction.Success;
        });
        return command;
    }

    /// <summary>
    /// Points the root's `--version` at <see cref="StatusService.Version"/>: System.CommandLine's own prints the entry
    /// assembly's version, which is the test host's when the command line runs in-process.
    /// </summary>
    public static void UseForVersionOption(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion();
        }
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(StatusService.Version);
            return CliAction.Success;
        }
    }
}
