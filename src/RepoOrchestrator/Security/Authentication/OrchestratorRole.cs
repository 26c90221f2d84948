namespace RepoOrchestrator.Security.Authentication;

/// <summary>The two roles of SPEC section 3.</summary>
public enum OrchestratorRole
{
    Admin,
    Actions,
}
