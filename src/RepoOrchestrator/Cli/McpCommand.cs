using System.CommandLine;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Cli;

/// <summary>`repo-orchestrator mcp`: serve the MCP tools over stdio (SPEC 10, 11); ORCH_* settings as for `serve`.</summary>
public static class McpCommand
{
    public static Command Create(IReadOnlyList<string> settings)
    {
        var command = new Command("mcp", "Serve the MCP tools over stdio for a local desktop client (admin role, actor admin:stdio).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((result, cancellationToken) => McpStdioServer.RunAsync([.. settings, .. result.UnmatchedTokens], cancellationToken));
        return command;
    }
}
