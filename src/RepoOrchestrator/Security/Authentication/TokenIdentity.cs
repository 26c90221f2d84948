namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Who a presented token is: its name (`admin` and `actions` for the two built-in tokens, the operator's name for a
/// named token), its role, the repositories it may read and its own rate limit (null: ORCH_RATE_LIMIT_PER_MIN).
/// Holds no token and no hash.
/// </summary>
public sealed record TokenIdentity(string Name, OrchestratorRole Role, RepositoryScope Repositories, int? RatePerMinute = null)
{
    /// <summary>The MCP tools (and the HTTP endpoints mirroring them) the token may use; all of its role's by default.</summary>
    public ToolScope Tools { get; init; } = ToolScope.All;

    /// <summary>
    /// For an approved OAuth client: which approval this is (an id drawn at random when the operator approved, never a
    /// secret), so a token issued under an approval that was revoked stays dead when the client is approved again. Null otherwise.
    /// </summary>
    public string? Approval { get; init; }

    public const string AdminName = "admin";
    public const string ActionsName = "actions";

    public static TokenIdentity BuiltIn(OrchestratorRole role) =>
        new(role == OrchestratorRole.Admin ? AdminName : ActionsName, role, RepositoryScope.All);
}
