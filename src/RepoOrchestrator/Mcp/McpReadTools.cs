using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Read tools (SPEC 10, both roles). Each mirrors one HTTP endpoint and calls the same service, so paths,
/// snapshots, redaction, caps and audit are exactly those of the endpoint (audit operations prefixed `MCP_`).
/// </summary>
[McpServerToolType]
internal sealed class McpReadTools(StatusService status, McpToolRunner runner)
{
    [McpServerTool(Name = McpToolNames.GetStatus, Title = "Service status", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Version and uptime of the Repo Orchestrator (like GET /status). Use it to check the connection.")]
    public Task<CallToolResult> GetStatus(ClaimsPrincipal? user = null) =>
        runner.RunAsync(McpToolNames.GetStatus, () =>
        {
            McpCaller.From(user);
            return McpToolResults.Structured(status.Status());
        });
}
