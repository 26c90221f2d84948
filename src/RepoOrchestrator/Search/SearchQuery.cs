using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// What a search looks for, validated: literal text (case-sensitive or not) or a regular expression run by .NET's
/// NonBacktracking engine (linear in the text; constructs it cannot run in linear time are refused, and so is an
/// automaton over .NET's size limit). <see cref="IsMatch"/> is the only judge of a hit and is only ever given served
/// text (redacted, hidden characters shown), of every line of every file a search reads (FileMatcher): nothing about a
/// query is ever looked for in raw text.
/// </summary>
public sealed class SearchQuery
{
    public const int MinLength = 3;
    public const int MaxLength = 128;

    /// <summary>Each match call on one line; a line that takes longer stops the search as partial.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// All the match calls of one search together (every line of every file, over every thread): linear in each line is
    /// still a factor of the automaton's size per character, and a large automaton over prose cost seconds per few KB.
    /// Past it the search stops as partial, as for one slow line.
    /// </summary>
    public static readonly TimeSpan RequestMatchBudget = TimeSpan.FromSeconds(2);

    private static readonly long RequestMatchBudgetTicks = (long)(RequestMatchBudget.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

    private long _matchTicks;

    private readonly string _text;
    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    private SearchQuery(string text, Regex? regex, bool caseSensitive)
    {
        _text = text;
        _regex = regex;
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
    }

    /// <summary>The query as given (for its audit fingerprint only; never logged).</summary>
    public string Text => _text;

    /// <summary>Whether the query is a regular expression.</summary>
    public bool IsRegex => _regex is not null;

    /// <summary>Whether letters must match in case.</summary>
    public bool CaseSensitive => _comparison == StringComparison.Ordinal;

    /// <summary>
    /// Validates `q` and builds the matcher; 400 naming the parameter when it cannot be searched for. A regular
    /// expression <paramref name="owner"/> built before is reused (<see cref="SearchRegexCache"/>).
    /// </summary>
    public static Outcome<SearchQuery> Create(string? query, bool regex, bool caseSensitive, string owner)
    {
        if (string.IsNullOrEmpty(query))
        {
            return Problem.BadRequest($"Query parameter 'q' is required: {MinLength} to {MaxLength} characters of {(regex ? "regular expression" : "literal text")}.");
        }

        var length = query.EnumerateRunes().Count();
        if (length is < MinLength or > MaxLength)
        {
            return Problem.BadRequest($"Query parameter 'q' must be {MinLength} to {MaxLength} characters long (it has {length}).");
        }

        if (query.Any(c => char.IsControl(c) && c != '\t') || query.EnumerateRunes().Any(r => r == Rune.ReplacementChar))
        {
            return Problem.BadRequest("Query parameter 'q' must be one line of text (no line breaks or control characters).");
        }

        if (!regex)
        {
            return new SearchQuery(query, null, caseSensitive);
        }

        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        try
        {
            // SECURITY: NonBacktracking: matching time is linear in the line whatever the pattern.
            return new SearchQuery(query, SearchRegexCache.Shared.GetOrBuild(owner, query, options, MatchTimeout), caseSensitive);
        }
        catch (RegexParseException ex)
        {
            return Problem.BadRequest($"Query parameter 'q' is not a valid regular expression: {ex.Error} at offset {ex.Offset}.");
        }
        catch (NotSupportedException)
        {
            // Back-references, look-arounds, atomic groups, or an automaton over .NET's size limit (e.g. (a{100}){100}).
            return Problem.BadRequest("Query parameter 'q' uses what the linear-time engine cannot run: no back-references, "
                + "look-arounds, atomic groups or conditionals, and nested counted repetitions must stay small (e.g. not (a{100}){100}).");
        }
    }

    /// <summary>
    /// Whether <paramref name="servedLine"/> holds a hit. Throws <see cref="RegexMatchTimeoutException"/> past
    /// <see cref="MatchTimeout"/> on the line, or once this query's calls have spent <see cref="RequestMatchBudget"/>.
    /// </summary>
    public bool IsMatch(string servedLine)
    {
        if (_regex is null)
        {
            return servedLine.Contains(_text, _comparison);
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var matched = _regex.IsMatch(servedLine);
        // SECURITY: one request's regular-expression work is bounded as a whole, not only line by line
        if (Interlocked.Add(ref _matchTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start) > RequestMatchBudgetTicks)
        {
            throw new RegexMatchTimeoutException(_text, "", RequestMatchBudget);
        }

        return matched;
    }

    /// <summary>
    /// Whether a served match of <paramref name="literal"/> could overlap text the service inserted: the redaction marker
    /// (exactly: the literal lies inside it, or runs into it from a '[' with a prefix of it, or out of it with a suffix of it
    /// ending in ']', or holds it whole), or the `&lt;U+XXXX&gt;` notation of hidden characters (when it holds "U+"; a
    /// notation is no secret, so a query crossing one some other way only misses that hit).
    /// </summary>
    internal static bool CouldMatchInsertedText(string literal, StringComparison comparison)
    {
        var marker = ITextRedactor.Marker;
        if (marker.Contains(literal, comparison) || literal.Contains(marker, comparison) || literal.Contains("U+", comparison))
        {
            return true;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            // Runs into the marker: from a '[' to its end, the literal is the start of the marker.
            if (literal[i] == '[' && marker.AsSpan().StartsWith(literal.AsSpan(i), comparison))
            {
                return true;
            }

            // Runs out of the marker: from its start to a ']', the literal is the end of the marker.
            if (literal[i] == ']' && marker.AsSpan().EndsWith(literal.AsSpan(0, i + 1), comparison))
            {
                return true;
            }
        }

        return false;
    }
}
