using System.Security.Claims;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>Claim names and accessors: a principal carries a role and a token fingerprint, never the token.</summary>
public static class OrchestratorClaims
{
    public const string Scheme = "Bearer";
    public const string Fingerprint = "orch:fp";
    public const string TokenName = "orch:name";
    public const string RepositoryPattern = "orch:repo";
    public const string Tool = "orch:tool";
    public const string AdminPolicy = "orch:admin";
    public const string ReaderPolicy = "orch:reader";

    public static ClaimsPrincipal CreatePrincipal(OrchestratorRole role, string fingerprint) =>
        CreatePrincipal(TokenIdentity.BuiltIn(role), fingerprint);

    /// <summary>The principal of a token: role, name, fingerprint and repository scope; never the token.</summary>
    public static ClaimsPrincipal CreatePrincipal(TokenIdentity token, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(token);
        var actor = TokenFingerprint.Actor(token.Name, fingerprint);
        List<Claim> claims =
        [
            new Claim(ClaimTypes.Role, token.Role.ToString()),
            new Claim(Fingerprint, fingerprint),
            new Claim(TokenName, token.Name),
            // The MCP SDK keys stateful sessions on this claim; the actor string is safe to expose.
            new Claim(ClaimTypes.NameIdentifier, actor),
            new Claim(ClaimTypes.Name, actor),
        ];
        claims.AddRange(token.Repositories.Patterns.Select(p => new Claim(RepositoryPattern, p)));
        claims.AddRange(token.Tools.Tools.Select(t => new Claim(Tool, t)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    public static OrchestratorRole? Role(this ClaimsPrincipal? user)
    {
        var value = user?.FindFirst(ClaimTypes.Role)?.Value;
        return Enum.TryParse<OrchestratorRole>(value, out var role) ? role : null;
    }

    /// <summary>`&lt;token name&gt;:&lt;fp&gt;` (`admin:…`, `actions:…`, `ci-bot:…`) or `anonymous`, as logs and audit lines name an actor.</summary>
    public static string Actor(this ClaimsPrincipal? user)
    {
        var role = user.Role();
        var fp = user?.FindFirst(Fingerprint)?.Value;
        if (role is null || fp is null)
        {
            return "anonymous";
        }

        return TokenFingerprint.Actor(user?.FindFirst(TokenName)?.Value ?? TokenIdentity.BuiltIn(role.Value).Name, fp);
    }

    /// <summary>The caller's role as audit lines and the command line name it: `admin`, `reader`, or `anonymous`.</summary>
    public static string RoleName(this ClaimsPrincipal? user) => user.Role() switch
    {
        OrchestratorRole.Admin => "admin",
        OrchestratorRole.Actions => "reader",
        _ => "anonymous",
    };

    /// <summary>The repositories the caller's token may read (every one for a principal without patterns).</summary>
    /// <summary>The tools the caller's token may use (no claim: all of its role's).</summary>
    public static ToolScope Tools(this ClaimsPrincipal? user) =>
        ToolScope.FromStored(string.Join(',', user?.FindAll(Tool).Select(c => c.Value) ?? []));

    public static RepositoryScope Repositories(this ClaimsPrincipal? user)
    {
        var patterns = user?.FindAll(RepositoryPattern).Select(c => c.Value).ToArray() ?? [];
        // SECURITY: claims come from the store's parsed scope; a pattern that no longer parses grants nothing.
        return patterns.Length == 0 ? RepositoryScope.All : RepositoryScope.Parse(string.Join(',', patterns), out _) ?? RepositoryScope.None;
    }
}
