namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Metadata on the few endpoints anyone may call without a token (`/`, `/health`, the OpenAPI document).
/// The contract test lists them; every other endpoint must carry an authorization policy.
/// </summary>
public sealed class PublicEndpoint
{
    public static readonly PublicEndpoint Instance = new();

    private PublicEndpoint()
    {
    }
}
