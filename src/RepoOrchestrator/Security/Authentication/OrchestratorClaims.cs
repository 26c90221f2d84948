using System.Security.Claims;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>Claim names and accessors: a principal carries a role and a token fingerprint, never the token.</summary>
public static class OrchestratorClaims
{
    public const string Scheme = "Bearer";
    public const string Fingerprint = "orch:fp";
    public const string AdminPolicy = "orch:admin";
    public const string ReaderPolicy = "orch:reader";

    public static ClaimsPrincipal CreatePrincipal(OrchestratorRole role, string fingerprint)
    {
        var actor = TokenFingerprint.Actor(role, fingerprint);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Role, role.ToString()),
                new Claim(Fingerprint, fingerprint),
                // The MCP SDK keys stateful sessions on this claim; the actor string is safe to expose.
                new Claim(ClaimTypes.NameIdentifier, actor),
                new Claim(ClaimTypes.Name, actor),
            ],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    public static OrchestratorRole? Role(this ClaimsPrincipal? user)
    {
        var value = user?.FindFirst(ClaimTypes.Role)?.Value;
        return Enum.TryParse<OrchestratorRole>(value, out var role) ? role : null;
    }

    /// <summary>`admin:&lt;fp&gt;`, `actions:&lt;fp&gt;` or `anonymous`, as logs and audit lines name an actor.</summary>
    public static string Actor(this ClaimsPrincipal? user)
    {
        var role = user.Role();
        var fp = user?.FindFirst(Fingerprint)?.Value;
        return role is null || fp is null ? "anonymous" : TokenFingerprint.Actor(role.Value, fp);
    }
}
