namespace RepoOrchestrator.Audit;

/// <summary>
/// Who is behind the audit lines of the request or tool call being served, beside the actor (the token's name and
/// fingerprint): the token's role (`admin`, `reader`) and the client's address (the peer, or under
/// ORCH_TRUST_FORWARDED the right-most X-Forwarded-For entry; `stdio` for `repo-orchestrator mcp`). Set once by each
/// door (the HTTP pipeline after authentication, the MCP door for each tool call) and written by
/// <see cref="AuditLog.OperationAsync"/> as `ROLE:` and `CLIENT:` fields, so no feature passes it along. Lines
/// written for no caller (the command line, the service itself) have neither field.
/// </summary>
public sealed record AuditCaller(string Role, string Client)
{
    /// <summary>The repository a read named with `repo` (written as `REPO:`), null when it read the active one.</summary>
    public string? Repository { get; init; }

    /// <summary>For MCP calls, the client's `clientInfo` name/version (written as `MCP_CLIENT:`), when known.</summary>
    public string? McpClient { get; init; }

    public const string StdioClient = "stdio";

    private static readonly AsyncLocal<AuditCaller?> Ambient = new();

    public static AuditCaller? Current => Ambient.Value;

    /// <summary>Sets the caller for the rest of this request or tool call (the caller's async flow).</summary>
    public static void Set(AuditCaller caller) => Ambient.Value = caller ?? throw new ArgumentNullException(nameof(caller));
}
