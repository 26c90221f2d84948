using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// A named token as the operator sees it in `token list`: never the token, never its hash. Times are UTC.
/// </summary>
public sealed partial record NamedToken(
    string Name,
    OrchestratorRole Role,
    RepositoryScope Repositories,
    DateTimeOffset? ExpiresAt,
    int? RatePerMinute,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt)
{
    /// <summary>The tools it may use (`--tools`); all of its role's by default.</summary>
    public ToolScope Tools { get; init; } = ToolScope.All;

    /// <summary>The OAuth client_id when this name is an approved OAuth client (no bearer secret exists), else null.</summary>
    public string? OAuthClient { get; init; }

    public const string NamePattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    /// <summary>The role as the command line spells it: `admin` or `reader`.</summary>
    public static string RoleName(OrchestratorRole role) => role == OrchestratorRole.Admin ? "admin" : "reader";

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;

    /// <summary>Null when <paramref name="name"/> can name a token, else why not.</summary>
    public static string? NameRefusal(string? name)
    {
        if (name is null || !NameRegex().IsMatch(name))
        {
            return "A token name is 1 to 64 characters: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.";
        }

        return name is TokenIdentity.AdminName or TokenIdentity.ActionsName
            ? $"'{name}' is the name of a built-in token (ORCH_TOKEN / ORCH_ACTIONS_TOKEN); choose another name."
            : null;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
