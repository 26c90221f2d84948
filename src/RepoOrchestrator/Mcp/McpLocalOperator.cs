using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// The identity of `repo-orchestrator mcp`: the operator who started the process on this machine, with the
/// admin role (they can read the admin token file anyway), audited as `admin:stdio`.
/// </summary>
public static class McpLocalOperator
{
    public const string Fingerprint = "stdio";

    public static ClaimsPrincipal Principal { get; } = OrchestratorClaims.CreatePrincipal(OrchestratorRole.Admin, Fingerprint);

    /// <summary>A call-tool filter that gives every stdio call the local operator's identity (stdio has no token).</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            context.User = Principal; // SECURITY: installed by the stdio host only; /mcp callers keep their token's identity
            EnterCall(context.Server.ClientInfo);
            return next(context, cancellationToken);
        };

    /// <summary>
    /// The audit caller of one stdio tool call: the local operator, and the MCP client its initialize named (the one
    /// session of this process knows it). Shared by the SDK's path (the filter above) and the stdio fast path.
    /// </summary>
    internal static void EnterCall(Implementation? client)
    {
        if (client is not null)
        {
            AuditCaller.Set(new AuditCaller(OrchestratorClaims.RoleName(Principal), AuditCaller.StdioClient) { McpClient = McpClientDirectory.Describe(client.Name, client.Version) });
        }
    }
}
