namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Who a presented token is: its name (`admin` and `actions` for the two built-in tokens, the operator's name for a
/// named token), its role, the repositories it may read and its own rate limit (null: ORCH_RATE_LIMIT_PER_MIN).
/// Holds no token and no hash.
/// </summary>
public sealed record TokenIdentity(string Name, OrchestratorRole Role, RepositoryScope Repositories, int? RatePerMinute = null)
{
    public const string AdminName = "admin";
    public const string ActionsName = "actions";

    public static TokenIdentity BuiltIn(OrchestratorRole role) =>
        new(role == OrchestratorRole.Admin ? AdminName : ActionsName, role, RepositoryScope.All);
}
