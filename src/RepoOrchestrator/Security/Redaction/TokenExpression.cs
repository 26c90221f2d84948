using System.Text.RegularExpressions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// One provider format's expression, built the first time a text reaches it. A NonBacktracking expression keeps its
/// character-set algebra (BDDs and their operation caches) for its lifetime, about 300 KiB each: building the whole
/// catalog (311 formats) up front held about 100 MiB of managed heap in every process, idle or not (issue 19). The
/// keyword gates in front of every format mean a text only reaches the formats whose keywords it contains, so most
/// are never built; a text naming every provider builds each once, which costs what the eager catalog always did.
/// </summary>
internal sealed class TokenExpression
{
    private readonly string _pattern;
    private readonly Lazy<(Regex Regex, int SecretGroup)> _built;

    public TokenExpression(string pattern)
    {
        _pattern = pattern;
        // ExecutionAndPublication: concurrent first uses build the expression once, never once per request
        _built = new Lazy<(Regex, int)>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The expression (built on first access).</summary>
    public Regex Regex => _built.Value.Regex;

    /// <summary>The number of the group named <c>secret</c>, else 0 (the whole match).</summary>
    public int SecretGroup => _built.Value.SecretGroup;

    /// <summary>Whether the expression has been built (tests and diagnostics: it must stay lazy).</summary>
    public bool IsBuilt => _built.IsValueCreated;

    private (Regex, int) Build()
    {
        // SECURITY: linear-time matching - a NonBacktracking expression cannot be driven into catastrophic backtracking
        var regex = new Regex(_pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(BuiltInPatterns.TimeoutMilliseconds));
        return (regex, Math.Max(0, regex.GroupNumberFromName("secret")));
    }
}
