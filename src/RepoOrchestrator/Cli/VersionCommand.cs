using System.CommandLine;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.Cli;

/// <summary>
/// `repo-orchestrator version` (and the root's `--version`): prints the product version (Directory.Build.props, the
/// one GET /status reports) and exits 0. Reads no settings and opens no home: it works before anything is configured.
/// </summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and exit.");
        command.SetAction(result =>
        {
            result.InvocationConfiguration.Output.WriteLine(StatusService.Version);
            return CliAction.Success;
        });
        return command;
    }
}
