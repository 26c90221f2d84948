using RepoOrchestrator.Audit;
using System.Security.Claims;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Who is calling a tool: the bearer token's role and actor over HTTP, the local operator over stdio. Tools
/// re-check the role themselves, so a tool that slipped past registration filtering still refuses.
/// </summary>
public sealed record McpCaller(string Actor, OrchestratorRole Role)
{
    public const string ReadOnlyDetail = "Read-only token cannot call this tool";

    /// <summary>Audit operations of MCP calls read `MCP_READ_SNAPSHOT`, `MCP_SELECT`, … (SPEC 10).</summary>
    public const string AuditPrefix = "MCP_";

    /// <summary>The caller behind <paramref name="user"/>; without a role there is no caller (401), never a default one.</summary>
    public static McpCaller From(ClaimsPrincipal? user, string? repo = null)
    {
        // The repository a read tool's `repo` argument names (null: the active one), for the rest of this tool call.
        RequestedRepository.Set(repo);
        // SECURITY: fail closed: a principal without a role (no or bad token) gets nothing.
        var role = user.Role() ?? throw new ApiProblemException(StatusCodes.Status401Unauthorized, BearerAuthenticationHandler.MissingTokenDetail, "unauthorized");
        // SECURITY: the token's repository scope for the rest of this tool call (the HTTP door set it for the request too).
        CallerScope.Set(user.Repositories());
        // Over /mcp the HTTP door already named the client's address; over stdio the client is this machine's operator.
        AuditCaller.Set(new AuditCaller(user.RoleName(), AuditCaller.Current?.Client ?? AuditCaller.StdioClient) { McpClient = AuditCaller.Current?.McpClient });
        return new McpCaller(user.Actor(), role);
    }

    /// <summary>The admin-only check every admin tool makes before doing anything.</summary>
    public McpCaller RequireAdmin()
    {
        // SECURITY: role check inside the tool, independent of which tools were registered for the session.
        if (Role != OrchestratorRole.Admin)
        {
            throw ApiProblemException.Forbidden(ReadOnlyDetail);
        }

        return this;
    }
}
