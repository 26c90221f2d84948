using System.Text;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Search;

/// <summary>
/// The trigrams a file must hold to possibly hold a hit of a search, so an index can skip the other files: a file is a
/// candidate when its trigram set (<see cref="Trigram"/>, every 3-byte window of its content as redacted:
/// Index/RedactedContent) contains ALL trigrams of AT LEAST ONE of <see cref="Alternatives"/>; <see cref="For"/> returns
/// null when it cannot narrow (every file is a candidate).
/// SECURITY: a plan that rules out a file the full scan would report loses results, so every rule here errs towards
/// null. A hit is judged on every SERVED line, which equals the line of the redacted text except where the service wrote
/// text in: the `&lt;U+XXXX&gt;` notation in place of a hidden character, and the marker on every line of a file whose
/// redaction failed closed (read by every search). A literal that could match the marker has no plan, and a regex run
/// is used only when no match of it can overlap such text. One
/// more rewrite removes text: when the stripped text shows a secret that the redacted text hid, a line is served with
/// its hidden characters taken out, which can join text that was apart in the file (the index reads such a file for
/// every search). Every regex plan, and a literal one whose match could overlap a notation, therefore also admits any
/// file that holds a hidden character (<see cref="HiddenTextTrigrams"/>).
/// </summary>
public sealed class TrigramPlan
{
    private TrigramPlan(IReadOnlyList<uint[]> alternatives) => Alternatives = alternatives;

    /// <summary>Each a non-empty set of distinct trigrams; a file may hold a hit only if it has all of one of them.</summary>
    public IReadOnlyList<uint[]> Alternatives { get; }

    /// <summary>The plan for a search, or null when no file can be ruled out (or the query is invalid).</summary>
    public static TrigramPlan? For(string query, bool regex, bool caseSensitive) =>
        SearchQuery.Create(query, regex, caseSensitive, nameof(TrigramPlan)).TryGet(out var validated, out _) ? For(validated) : null;

    /// <summary>The plan for a validated search, or null when no file can be ruled out.</summary>
    public static TrigramPlan? For(SearchQuery validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var (query, regex, caseSensitive) = (validated.Text, validated.IsRegex, validated.CaseSensitive);
        if (HiddenTextTrigrams.Alternatives is not { } hidden)
        {
            return null; // a one-byte hidden character: no file can be ruled out
        }

        IReadOnlyList<IReadOnlyList<string>>? branches;
        if (!regex)
        {
            var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (SearchQuery.CouldMatchInsertedText(query, comparison))
            {
                return null; // SECURITY: it could match across a marker a line's own redaction put where the whole file's did not
            }

            branches = [[query]];
            if (IsClearOfInsertedText(query))
            {
                hidden = []; // no match of it can overlap a notation: it lies in the redacted text the index holds
            }
        }
        else if (query.Contains("(?", StringComparison.Ordinal))
        {
            return null; // inline options ((?i), (?x), ...) change what the rest means
        }
        else
        {
            branches = RegexLiteralRuns.Read(query);
            if (branches is null)
            {
                return null;
            }
        }

        var alternatives = new List<uint[]>(branches.Count + hidden.Count);
        foreach (var runs in branches)
        {
            var grams = new HashSet<uint>();
            foreach (var run in regex ? runs.Where(IsClearOfInsertedText) : runs.AsEnumerable())
            {
                AddWindows(run, caseSensitive, grams);
            }

            if (grams.Count == 0)
            {
                return null; // this branch may match in any file
            }

            alternatives.Add(ToSortedArray(grams));
        }

        alternatives.AddRange(hidden);
        return new TrigramPlan(alternatives.DistinctBy(a => string.Join(',', a)).ToList());
    }

    /// <summary>
    /// Whether no served match of <paramref name="run"/> can overlap the redaction marker or a hidden-character
    /// notation. Each character is first replaced by the ASCII character it may match when case is ignored (the
    /// Kelvin sign by 'k'), and the checks ignore case, so this holds for case-sensitive searches too.
    /// </summary>
    internal static bool IsClearOfInsertedText(string run)
    {
        var twins = string.Create(run.Length, run, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = AsciiCaseClosure.AsciiTwinOrSelf(source[i]);
            }
        });

        foreach (var text in (string[])[run, twins])
        {
            // SECURITY: inside, into, out of or over the marker; or "U+", '<', '>' or only notation characters.
            if (SearchQuery.CouldMatchInsertedText(text, StringComparison.OrdinalIgnoreCase)
                || text.Contains("U+", StringComparison.OrdinalIgnoreCase)
                || text.AsSpan().IndexOfAny('<', '>') >= 0
                || !text.AsSpan().ContainsAnyExcept(NotationCharacters))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly System.Buffers.SearchValues<char> NotationCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFabcdefUu+<>");

    /// <summary>
    /// Adds the trigram of each usable 3-byte window of the UTF-8 of <paramref name="text"/>. Case-sensitive: every
    /// window. Ignoring case: only windows of three ASCII bytes none of which has a non-ASCII case twin. A lone
    /// surrogate (half of a pair whose other half a quantifier made optional) splits the text: its bytes are no part of
    /// any served text.
    /// </summary>
    private static void AddWindows(string text, bool caseSensitive, HashSet<uint> into)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var lone = i < text.Length && char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i) && !(i > 0 && char.IsSurrogatePair(text, i - 1));
            if (i < text.Length && !lone)
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(text[start..i]);
            for (var w = 0; w + 2 < bytes.Length; w++)
            {
                if (caseSensitive || !(AsciiCaseClosure.IsExcluded(bytes[w]) || AsciiCaseClosure.IsExcluded(bytes[w + 1]) || AsciiCaseClosure.IsExcluded(bytes[w + 2])))
                {
                    into.Add(Trigram.Of(bytes[w], bytes[w + 1], bytes[w + 2]));
                }
            }

            start = i + 1;
        }
    }

    private static uint[] ToSortedArray(HashSet<uint> grams)
    {
        var array = grams.ToArray();
        Array.Sort(array);
        return array;
    }
}
