using System.IO.Enumeration;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// The repositories a token may read: every repository under the root, or those whose name (the folder's path
/// relative to ORCH_REPO_ROOT, `/`-separated) matches one of its patterns (`*` and `?` within a name, ordinal).
/// </summary>
public sealed class RepositoryScope
{
    public const int MaxPatterns = 64;
    public const int MaxPatternLength = 200;

    private RepositoryScope(IReadOnlyList<string> patterns) => Patterns = patterns;

    public static RepositoryScope All { get; } = new([]);

    /// <summary>No repository at all (a scope that could not be read back fails closed).</summary>
    public static RepositoryScope None { get; } = new(["\0"]);

    /// <summary>The patterns; empty means every repository.</summary>
    public IReadOnlyList<string> Patterns { get; }

    public bool IsAll => Patterns.Count == 0;

    /// <summary>Whether a repository named <paramref name="name"/> (relative to the root) is in scope.</summary>
    public bool Allows(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsAll || Patterns.Any(p => Matches(p, name));
    }

    // SECURITY: `*` and `?` match within one name: the pattern and the name have the same number of '/'-separated parts,
    // each matched on its own (`*-docs` never matches `payments/api-docs`).
    private static bool Matches(string pattern, string name)
    {
        var patternParts = pattern.Split('/');
        var nameParts = name.Split('/');
        if (patternParts.Length != nameParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            if (!FileSystemName.MatchesSimpleExpression(patternParts[i], nameParts[i], ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A scope from a comma-separated list (the CLI's `--repos`, the store's column); null with a reason when one is unusable.</summary>
    public static RepositoryScope? Parse(string? list, out string? refusal)
    {
        refusal = null;
        var patterns = (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (patterns.Length > MaxPatterns)
        {
            refusal = $"at most {MaxPatterns} repository patterns";
            return null;
        }

        foreach (var pattern in patterns)
        {
            // SECURITY: a pattern names repositories under the root; it can never reach above it or hold odd characters.
            if (pattern.Length > MaxPatternLength || pattern.StartsWith('/') || pattern.Split('/').Any(part => part is "" or "." or "..")
                || pattern.Any(c => char.IsControl(c) || c is '\\' or ','))
            {
                refusal = $"'{pattern}' is not a repository name or pattern under the root (names relative to ORCH_REPO_ROOT, `*` and `?` allowed)";
                return null;
            }
        }

        return patterns.Length == 0 ? All : new RepositoryScope(patterns.Distinct(StringComparer.Ordinal).ToArray());
    }

    public override string ToString() => IsAll ? "*" : string.Join(',', Patterns);
}
