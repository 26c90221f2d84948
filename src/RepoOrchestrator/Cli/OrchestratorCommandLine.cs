using System.CommandLine;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Cli;

/// <summary>
/// The `repo-orchestrator` command line. Serving is the default: unknown tokens (such as the arguments the
/// test host passes to Main) go on to the web host untouched.
/// </summary>
public static class OrchestratorCommandLine
{
    public static RootCommand Create(string[] originalArgs)
    {
        var root = new RootCommand("Repo Orchestrator: safe, read-only, audited access to local git repositories.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((_, _) => OrchestratorApplication.RunAsync(originalArgs));

        var serve = new Command("serve", "Run the HTTP service (the default).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, _) => OrchestratorApplication.RunAsync([.. result.UnmatchedTokens]));
        root.Subcommands.Add(serve);
        root.Subcommands.Add(McpCommand.Create());
        return root;
    }

    public static Task<int> RunAsync(string[] args) => Create(args).Parse(args).InvokeAsync();
}
