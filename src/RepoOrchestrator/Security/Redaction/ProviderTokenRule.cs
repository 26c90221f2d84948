using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// One provider token format of the catalog (<see cref="ProviderCatalog"/>) as its own keyword-gated rule: used for
/// the formats whose keyword sits inside the token, and by <see cref="NamedTokenScanner"/> to test a candidate against
/// one named format. Prefix formats redact every match; named formats
/// redact a match only with a provider keyword on its line or the line before, and never a hex value inside a URL
/// path or on a line about hashes (commit ids and digests share the shape of hex API keys).
/// </summary>
internal sealed class ProviderTokenRule : RedactionRule
{
    private const int ContextLimit = 320;
    private const int ContainedReach = 512;
    private const int MinContainedToken = 16;

    private static readonly SearchValues<char> TokenRunChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/~.:=%$!@-");

    private static readonly SearchValues<string> HashWords =
        SearchValues.Create(["integrity", "hash", "checksum", "digest", "shasum", "commit", "sha1", "sha256", "sha512"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF-");

    private readonly TokenExpression _expression;
    private readonly TokenAnchor _anchor;
    private readonly string[] _context;
    private readonly SearchValues<string> _keywordSearch;

    public ProviderTokenRule(ProviderTokenFormat format)
        : base(format.Id, format.Keywords, caseSensitiveKeywords: format.Anchor != TokenAnchor.Named)
    {
        Format = format;
        _expression = new TokenExpression(format.Pattern); // built on the first text that reaches this format
        _anchor = format.Anchor;
        _context = [.. format.Keywords];
        _keywordSearch = SearchValues.Create(_context, StringComparison.Ordinal);
    }

    public ProviderTokenFormat Format { get; }

    /// <summary>Whether this format's expression has been built (it is built on first use).</summary>
    public bool IsBuilt => _expression.IsBuilt;

    public override void Find(string text, ref SecretSink sink)
    {
        if (_anchor != TokenAnchor.Contained)
        {
            FindIn(text, 0, text.Length, ref sink);
            return;
        }

        // The keyword sits inside the token: match only in windows around its occurrences (merged when they
        // overlap), so a text pays for the keyword's hits, never for a full scan with a large automaton.
        var windowStart = -1;
        var windowEnd = -1;
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = text.AsSpan(offset).IndexOfAny(_keywordSearch);
            var at = hit < 0 ? -1 : offset + hit;
            if (at >= 0)
            {
                sink.Charge(); // SECURITY: every keyword hit inspected counts against the redaction budget
            }

            if (at >= 0 && RunAround(text, at) < MinContainedToken)
            {
                offset = at + 1;
                continue; // "-us" in "--user", ":AA" in prose: no token long enough around the keyword
            }

            if (at < 0 || windowEnd < 0 || at - ContainedReach > windowEnd)
            {
                if (windowStart >= 0 && windowEnd > windowStart)
                {
                    FindIn(text, windowStart, windowEnd - windowStart, ref sink);
                }

                if (at < 0)
                {
                    return;
                }

                windowStart = Math.Max(0, at - ContainedReach);
            }

            windowEnd = Math.Min(text.Length, at + ContainedReach);
            offset = at + 1;
        }

        if (windowStart >= 0 && windowEnd > windowStart)
        {
            FindIn(text, windowStart, windowEnd - windowStart, ref sink);
        }
    }

    /// <summary>Adds the matches inside text[start..start+length] (the window is treated as the whole input).</summary>
    public void FindIn(string text, int start, int length, ref SecretSink sink)
    {
        sink.Charge(); // SECURITY: every window this format's expression runs on counts, matched or not
        var secretGroup = _expression.SecretGroup;
        for (var match = _expression.Regex.Match(text, start, length); match.Success; match = match.NextMatch())
        {
            sink.Charge(); // SECURITY: every match counts against the redaction budget
            var secret = match.Groups[secretGroup];
            if (secret.Length == 0 || (_anchor == TokenAnchor.Named && !HasContext(text, secret.Index, secret.Length)))
            {
                continue;
            }

            sink.Add(Id, text, secret.Index, secret.Length, match.Index, match.Length);
        }
    }

    // Token characters around `at`, counted up to MinContainedToken on each side.
    private static int RunAround(string text, int at)
    {
        var from = Math.Max(0, at - MinContainedToken);
        var before = text.AsSpan(from, at - from);
        var left = before.Length - (before.LastIndexOfAnyExcept(TokenRunChars) + 1);
        var after = text.AsSpan(at, Math.Min(MinContainedToken, text.Length - at));
        var right = after.IndexOfAnyExcept(TokenRunChars);
        return left + (right < 0 ? after.Length : right);
    }

    private bool HasContext(string text, int start, int length)
    {
        if (start > 0 && text[start - 1] == '/')
        {
            return false; // a URL or file path segment, not a value
        }

        if (WordLikeness.IsCamelCaseIdentifier(text.AsSpan(start, length)))
        {
            return false; // MicrosoftSourceLinkBitbucketGitAssemblyFile near "bitbucket" is a name, not a key
        }

        var (lineStart, previous) = LineBounds.StartsBefore(text, start);
        var from = Math.Max(previous, start - ContextLimit);
        var before = text.AsSpan(from, start - from);
        if (!text.AsSpan(start, length).ContainsAnyExcept(HexChars) && text.AsSpan(Math.Max(lineStart, from), start - Math.Max(lineStart, from)).ContainsAny(HashWords))
        {
            return false; // "commit: <sha>", "sha256: <digest>" near a provider name
        }

        foreach (var keyword in _context)
        {
            if (before.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
