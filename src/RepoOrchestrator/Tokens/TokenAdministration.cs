using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Tokens;

/// <summary>
/// Creates, lists and revokes named tokens for both doors, the command line (`token create|list|revoke`) and the
/// dashboard (`/ui/tokens`): one set of checks, one audit line per change naming the token and its fingerprint,
/// never the token.
/// </summary>
public sealed class TokenAdministration(NamedTokenStore store, AuditLog audit, TimeProvider time)
{
    public const string CreateOperation = "TOKEN_CREATE";
    public const string RevokeOperation = "TOKEN_REVOKE";
    public const int MaxRate = 1_000_000;

    public static readonly ExpectedProblems CreateFailures = new([StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict]);
    public static readonly ExpectedProblems RevokeFailures = new([StatusCodes.Status404NotFound]);

    /// <summary>
    /// Checks the request, stores the token's hash and returns the token (400 for a bad field, 409 for a taken name).
    /// <paramref name="field"/> names a field in a refusal as the caller's door spells it (`--repos` on the command line,
    /// `'repos'` for the query parameter by default).
    /// </summary>
    public async Task<Outcome<CreatedToken>> CreateAsync(TokenRequest request, string actor, Func<string, string>? field = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Check(request, field ?? (f => $"'{f}'")).TryGet(out var settings, out var problem))
        {
            return problem;
        }

        var (name, role, scope, tools, expiresAt) = settings;
        if (!store.Create(name, role, scope, expiresAt, request.Rate, tools).TryGet(out var secret, out problem))
        {
            return problem;
        }

        // SECURITY: the audit line names the token and its fingerprint, never the token.
        await audit.OperationAsync(CreateOperation, actor, name, $"role={NamedToken.RoleName(role)} repos={scope} tools={tools}", TokenFingerprint.Of(secret));
        var created = store.List().Single(t => t.Name == name);
        return new CreatedToken(secret, View(created));
    }

    /// <summary>The named tokens and approved OAuth clients, by name.</summary>
    public IReadOnlyList<TokenView> List() => [.. store.List().Select(View)];

    /// <summary>Deletes a named token or an OAuth client's approval: refused from the next request. 404 when there is none.</summary>
    public async Task<Outcome<string>> RevokeAsync(string? name, string actor)
    {
        if (string.IsNullOrEmpty(name) || !store.Revoke(name))
        {
            return Problem.NotFound($"No named token '{name}'; GET /ui/tokens (or 'repo-orchestrator token list') shows them.");
        }

        await audit.OperationAsync(RevokeOperation, actor, name);
        return name;
    }

    public TokenView View(NamedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenView(
            token.Name, NamedToken.RoleName(token.Role), token.Repositories.ToString(), token.Tools.ToString(), token.ExpiresAt,
            token.IsExpired(time.GetUtcNow()), token.RatePerMinute, token.CreatedAt, token.LastUsedAt,
            token.OAuthClient is null ? "named" : "oauth", token.OAuthClient);
    }

    private Outcome<(string Name, OrchestratorRole Role, RepositoryScope Scope, ToolScope Tools, DateTimeOffset? ExpiresAt)> Check(TokenRequest request, Func<string, string> field)
    {
        if (NamedToken.NameRefusal(request.Name) is { } refusal)
        {
            return Problem.BadRequest(refusal);
        }

        OrchestratorRole role;
        switch (request.Role ?? "reader")
        {
            case "reader": role = OrchestratorRole.Actions; break;
            case "admin": role = OrchestratorRole.Admin; break;
            default: return Problem.BadRequest($"{field("role")} must be 'reader' or 'admin', not '{request.Role}'.");
        }

        if (RepositoryScope.Parse(request.Repos, out refusal) is not { } scope)
        {
            return Problem.BadRequest($"{field("repos")}: {refusal}.");
        }

        if (ToolScope.Parse(request.Tools, McpToolNames.All, out refusal) is not { } tools)
        {
            return Problem.BadRequest($"{field("tools")}: {refusal}.");
        }

        // SECURITY: a reader token never names an admin tool, so a tool scope cannot widen a role.
        if (role != OrchestratorRole.Admin && tools.Tools.FirstOrDefault(McpToolNames.AdminTools.Contains) is { } adminTool)
        {
            return Problem.BadRequest($"{field("tools")}: '{adminTool}' is an admin tool; a reader token cannot use it (choose the admin role, or leave it out).");
        }

        TimeSpan? lifetime = null;
        if (!string.IsNullOrEmpty(request.Expires))
        {
            lifetime = TokenLifetime.Parse(request.Expires);
            if (lifetime is null)
            {
                return Problem.BadRequest($"{field("expires")} {TokenLifetime.Refusal}");
            }
        }

        if (request.Rate is < 1 or > MaxRate)
        {
            return Problem.BadRequest($"{field("rate")} must be between 1 and {MaxRate} requests per window.");
        }

        return (request.Name!, role, scope, tools, time.GetUtcNow() + lifetime);
    }
}
