using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The prefix formats of the catalog, for <see cref="ProviderTokenScanner"/>'s single pass: at each place one of
/// <see cref="Prefixes"/> starts, the formats of that prefix are matched anchored there on a bounded window. The cost
/// is a short anchored match per hit, whatever the number of formats; a match resumes the scan after its end.
/// </summary>
internal sealed class PrefixTokenScanner
{
    private const int Window = 4096;

    // The shortest prefix token (LTAI + 12) is 16 characters; a hit whose run of token characters is shorter
    // (path, user.Name, task_id) is rejected without starting an expression.
    private const int MinTokenLength = 16;

    // Bits per character below which the part after the prefix is filler (xxxx, 123123…); random bodies score 3 to 6.
    private const double MinBodyEntropy = 2.0;

    private static readonly SearchValues<char> TokenStops = SearchValues.Create(" \t\r\n\"'`<>,;()[]{}\\|");

    private readonly Dictionary<string, Entry[]> _byPrefix;
    private readonly int[] _prefixLengths;

    public PrefixTokenScanner(IReadOnlyList<ProviderTokenFormat> formats)
    {
        var byPrefix = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var format in formats)
        {
            var wordStart = format.Pattern.StartsWith(@"\b", StringComparison.Ordinal);
            var body = wordStart ? format.Pattern[2..] : format.Pattern;
            // ^ is the hit because the window starts there; built (NonBacktracking) on the first hit of its prefix
            var entry = new Entry(format.Id, new TokenExpression("^(?:" + body + ")"), wordStart);
            foreach (var prefix in format.Keywords)
            {
                if (!byPrefix.TryGetValue(prefix, out var list))
                {
                    byPrefix[prefix] = list = [];
                }

                list.Add(entry);
            }
        }

        _byPrefix = byPrefix.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _prefixLengths = [.. _byPrefix.Keys.Select(k => k.Length).Distinct().OrderDescending()];
    }

    /// <summary>Every prefix, compared ordinally.</summary>
    public IEnumerable<string> Prefixes => _byPrefix.Keys;

    /// <summary>
    /// Inspects the place <paramref name="at"/> where a prefix starts; returns where the next prefix may start (a hit
    /// before it lies inside what was matched or rejected here and is not inspected).
    /// </summary>
    public int Inspect(string text, int at, ref SecretSink sink)
    {
        sink.Charge(); // SECURITY: every prefix hit inspected counts against the redaction budget
        var run = text.AsSpan(at, Math.Min(MinTokenLength, text.Length - at));
        var stop = run.IndexOfAny(TokenStops);
        if (stop >= 0 || run.Length < MinTokenLength)
        {
            return at + Math.Max(1, stop);
        }

        return MatchAt(text, at, ref sink);
    }

    // Tries every prefix that starts at `at` (glpat- and gl…, sk_ and sk_live_ share hits); returns where to go on.
    private int MatchAt(string text, int at, ref SecretSink sink)
    {
        var next = at + 1;
        var lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var length in _prefixLengths) // longest first; only the lengths some prefix has
        {
            if (length > text.Length - at || !lookup.TryGetValue(text.AsSpan(at, length), out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.WordStart && at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] == '_'))
                {
                    continue;
                }

                var match = entry.Expression.Regex.Match(text, at, Math.Min(Window, text.Length - at));
                var secret = match.Groups[entry.Expression.SecretGroup];
                // SECURITY: only a body of a few repeated characters (under 2 bits a character) is left; generated tokens score 3 to 6
                if (match.Success && secret.Length > 0 && !IsFiller(text, Math.Max(secret.Index, at + length), secret.Index + secret.Length))
                {
                    sink.Add(entry.Id, text, secret.Index, secret.Length, match.Index, match.Length);
                    next = Math.Max(next, match.Index + match.Length);
                }
            }
        }

        return next;
    }

    // glpat-XXXXXXXXXXX-XXXXXXXX, GR1348941 + 12312312…: after the prefix, a repeated filler of a few characters stands for
    // a token in documentation and tests (the scanners' own false positives); a random body has far more entropy.
    private static bool IsFiller(string text, int bodyStart, int end) =>
        end <= bodyStart || ShannonEntropy.Of(text.AsSpan(bodyStart, end - bodyStart)) < MinBodyEntropy;

    /// <summary>How many of the prefix formats' expressions have been built (they are built on first use).</summary>
    public int BuiltCount => _byPrefix.Values.SelectMany(e => e).Distinct().Count(e => e.Expression.IsBuilt);

    private sealed record Entry(string Id, TokenExpression Expression, bool WordStart);
}
