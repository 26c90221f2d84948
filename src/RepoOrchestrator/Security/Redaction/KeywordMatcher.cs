using System.Numerics;
using System.Text;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Finds where any of many ASCII keywords starts, with exactly the answer of
/// <c>text.IndexOfAny(SearchValues.Create(keywords, comparison))</c> (the earliest position where one of them starts),
/// for the catalog's large keyword sets (about 180 prefixes, 260 provider names). <see cref="System.Buffers.SearchValues"/>
/// falls back to a per-character automaton for sets that large (about 25 MB/s); this filter costs one table lookup
/// per character: the first three characters of every keyword (case-folded for
/// <see cref="StringComparison.OrdinalIgnoreCase"/>) set a bit in a 64 Kbit table, the text's rolling three-character
/// window is tested against it, and only positions whose bit is set compare keywords. Immutable; linear time.
/// </summary>
internal sealed class KeywordMatcher
{
    /// <summary>The shortest keyword this matcher takes: the filter reads three characters.</summary>
    public const int MinKeywordLength = 3;

    /// <summary>The most keyword sets one matcher takes (a bit each in <see cref="IndexOfAny(ReadOnlySpan{char}, out uint)"/>'s mask).</summary>
    public const int MaxSets = 32;

    private const int FilterBits = 16;

    private static readonly Lazy<byte[]> SensitiveFold = new(() => BuildFold(ignoreCase: false));
    private static readonly Lazy<byte[]> InsensitiveFold = new(() => BuildFold(ignoreCase: true));

    private readonly byte[] _fold;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly ushort[] _rank = new ushort[(1 << FilterBits) / 64]; // set bits in the filter's words before each
    private readonly Candidate[][] _buckets; // per set bit of the filter (in order), the keywords whose key hashes there

    public KeywordMatcher(IEnumerable<string> keywords, StringComparison comparison)
        : this([new KeywordSet(keywords, comparison)])
    {
    }

    /// <summary>
    /// Several keyword sets, each with its own comparison, searched in one pass: a hit reports which sets have a keyword
    /// starting there. The filter folds case when any set ignores it (an ordinal keyword then passes the filter in any
    /// casing and is compared ordinally).
    /// </summary>
    public KeywordMatcher(IReadOnlyList<KeywordSet> sets)
    {
        if (sets.Count is 0 or > MaxSets)
        {
            throw new ArgumentOutOfRangeException(nameof(sets), sets.Count, $"From 1 to {MaxSets} keyword sets.");
        }

        var ignoreCase = false;
        foreach (var set in sets)
        {
            if (set.Comparison is not (StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentOutOfRangeException(nameof(sets), set.Comparison, "Only ordinal comparisons are supported.");
            }

            ignoreCase |= set.Comparison == StringComparison.OrdinalIgnoreCase;
        }

        _fold = (ignoreCase ? InsensitiveFold : SensitiveFold).Value;
        var byBit = new SortedDictionary<uint, List<Candidate>>();
        for (var s = 0; s < sets.Count; s++)
        {
            var comparer = StringComparer.FromComparison(sets[s].Comparison);
            foreach (var keyword in sets[s].Keywords)
            {
                if (keyword.Length < MinKeywordLength || !Ascii.IsValid(keyword) || keyword.Contains('\0', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Keywords must be ASCII without NUL and at least {MinKeywordLength} characters: '{keyword}'.", nameof(sets));
                }

                var bit = Hash(Key(_fold[keyword[0]], _fold[keyword[1]], _fold[keyword[2]]));
                if (!byBit.TryGetValue(bit, out var list))
                {
                    byBit[bit] = list = [];
                }

                if (!list.Exists(c => c.Set == s && comparer.Equals(c.Keyword, keyword)))
                {
                    // the fourth character (folded), or 0 for a three-character keyword: a cheap first test at a hit
                    list.Add(new Candidate(keyword, s, sets[s].Comparison, keyword.Length > 3 ? _fold[keyword[3]] : (byte)0));
                }

                _filter[bit >> 6] |= 1UL << (int)bit;
            }
        }

        _buckets = [.. byBit.Values.Select(list => list.ToArray())];
        ushort rank = 0;
        for (var word = 0; word < _filter.Length; word++)
        {
            _rank[word] = rank;
            rank += (ushort)BitOperations.PopCount(_filter[word]);
        }
    }

    /// <summary>The earliest index at which one of the keywords starts, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text) => IndexOfAny(text, out _);

    /// <summary>
    /// The earliest index at which one of the keywords starts, or -1; <paramref name="sets"/> has bit s set when a
    /// keyword of set s starts there (0 when none).
    /// </summary>
    public int IndexOfAny(ReadOnlySpan<char> text, out uint sets)
    {
        sets = 0;
        if (text.Length < MinKeywordLength)
        {
            return -1;
        }

        var fold = _fold;
        var filter = _filter;
        uint a = fold[text[0]], b = fold[text[1]];
        for (var i = 2; i < text.Length; i++)
        {
            uint c = fold[text[i]];
            var bit = Hash(Key(a, b, c));
            // SECURITY: no false negatives - the fold gives every character the code of the ASCII letter it equals, and a set bit is only a maybe
            if ((filter[bit >> 6] & (1UL << (int)bit)) != 0 && (sets = MatchesAt(text[(i - 2)..], bit)) != 0)
            {
                return i - 2;
            }

            a = b;
            b = c;
        }

        return -1;
    }

    private uint MatchesAt(ReadOnlySpan<char> rest, uint bit)
    {
        var word = _filter[bit >> 6] & ((1UL << (int)bit) - 1);
        var candidates = _buckets[_rank[bit >> 6] + BitOperations.PopCount(word)];
        var fourth = rest.Length > 3 ? _fold[rest[3]] : -1;
        var sets = 0u;
        foreach (var candidate in candidates)
        {
            // a keyword's fourth character equals the text's only if their folds do (the fold never tells equal characters apart)
            if ((candidate.Fourth == 0 || candidate.Fourth == fourth) && rest.StartsWith(candidate.Keyword, candidate.Comparison))
            {
                sets |= 1u << candidate.Set;
            }
        }

        return sets;
    }

    private static int Key(uint a, uint b, uint c) => (int)((a << 14) | (b << 7) | c);

    private static uint Hash(int key) => ((uint)key * 2654435761u) >> (32 - FilterBits);

    // Every character to a 7-bit code: itself for ASCII (lower-cased when ignoring case), and for non-ASCII the ASCII
    // letter it equals under OrdinalIgnoreCase (U+017F long s is 's', U+0131 dotless i is 'i'), else 0, which no keyword
    // holds. Decided by the comparison itself, so the filter never rules out a position that StartsWith would accept.
    private static byte[] BuildFold(bool ignoreCase)
    {
        var fold = new byte[char.MaxValue + 1];
        for (var c = 1; c < 128; c++)
        {
            fold[c] = (byte)(ignoreCase && char.IsAsciiLetterUpper((char)c) ? c | 0x20 : c);
        }

        if (!ignoreCase)
        {
            return fold;
        }

        Span<char> one = stackalloc char[1];
        Span<char> letter = stackalloc char[1];
        for (var c = 128; c <= char.MaxValue; c++)
        {
            one[0] = (char)c;
            for (var l = 'a'; l <= 'z'; l++)
            {
                letter[0] = l;
                if (one.Equals(letter, StringComparison.OrdinalIgnoreCase))
                {
                    fold[c] = (byte)l;
                    break;
                }
            }
        }

        return fold;
    }

    private readonly record struct Candidate(string Keyword, int Set, StringComparison Comparison, byte Fourth);
}

/// <summary>Keywords searched with one comparison, a set of a <see cref="KeywordMatcher"/>.</summary>
internal readonly record struct KeywordSet(IEnumerable<string> Keywords, StringComparison Comparison);
