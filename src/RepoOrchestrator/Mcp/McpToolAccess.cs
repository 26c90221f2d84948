using System.Security.Claims;
using ModelContextProtocol.Server;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Registration-level enforcement: the server built for one HTTP request only holds the tools the caller's
/// role may use, and of those only the ones in the token's tool scope, so the read-only token neither sees nor can
/// call an admin tool, and a tool-scoped token no other tool (it is unknown to that server).
/// </summary>
public static class McpToolAccess
{
    public static void RestrictToRole(McpServerOptions options, ClaimsPrincipal? user)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowed = new McpServerPrimitiveCollection<McpServerTool>(StringComparer.Ordinal);
        foreach (var tool in options.ToolCollection ?? [])
        {
            if (Allows(user, tool.ProtocolTool.Name))
            {
                allowed.Add(tool);
            }
        }

        // A new collection, never an edit of one another request might share.
        options.ToolCollection = allowed;
    }

    /// <summary>
    /// Whether <paramref name="user"/> may see and call <paramref name="tool"/>: the one decision behind the server built per
    /// request and the fast path of `POST /mcp` (<see cref="McpFastPath"/>).
    /// </summary>
    public static bool Allows(ClaimsPrincipal? user, string tool)
    {
        // SECURITY: allowlist per role; no role (no valid token) keeps no tool at all.
        var keep = user.Role() switch
        {
            OrchestratorRole.Admin => true,
            OrchestratorRole.Actions => McpToolNames.ReadTools.Contains(tool),
            _ => false,
        };
        return keep && user.Tools().Allows(tool); // SECURITY: and only the tools the token is scoped to
    }
}
