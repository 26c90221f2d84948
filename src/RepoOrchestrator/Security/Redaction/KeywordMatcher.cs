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

    private const int FilterBits = 16;

    private static readonly Lazy<byte[]> SensitiveFold = new(() => BuildFold(ignoreCase: false));
    private static readonly Lazy<byte[]> InsensitiveFold = new(() => BuildFold(ignoreCase: true));

    private readonly byte[] _fold;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly Dictionary<int, string[]> _byKey = [];
    private readonly StringComparison _comparison;

    public KeywordMatcher(IEnumerable<string> keywords, StringComparison comparison)
    {
        if (comparison is not (StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Only ordinal comparisons are supported.");
        }

        _comparison = comparison;
        _fold = (comparison == StringComparison.OrdinalIgnoreCase ? InsensitiveFold : SensitiveFold).Value;
        var byKey = new Dictionary<int, List<string>>();
        foreach (var keyword in keywords)
        {
            if (keyword.Length < MinKeywordLength || !Ascii.IsValid(keyword) || keyword.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Keywords must be ASCII without NUL and at least {MinKeywordLength} characters: '{keyword}'.", nameof(keywords));
            }

            var key = Key(_fold[keyword[0]], _fold[keyword[1]], _fold[keyword[2]]);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            if (!list.Contains(keyword, StringComparer.FromComparison(comparison)))
            {
                list.Add(keyword);
            }

            var bit = Hash(key);
            _filter[bit >> 6] |= 1UL << (int)bit;
        }

        _byKey = byKey.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>The earliest index at which one of the keywords starts, or -1.</summary>
    public int IndexOfAny(ReadOnlySpan<char> text)
    {
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
            var key = Key(a, b, c);
            var bit = Hash(key);
            // SECURITY: no false negatives - the fold gives every character the code of the ASCII letter it equals, and a set bit is only a maybe
            if ((filter[bit >> 6] & (1UL << (int)bit)) != 0 && MatchesAt(text[(i - 2)..], key))
            {
                return i - 2;
            }

            a = b;
            b = c;
        }

        return -1;
    }

    private bool MatchesAt(ReadOnlySpan<char> rest, int key)
    {
        if (!_byKey.TryGetValue(key, out var candidates))
        {
            return false; // another window with the same hash
        }

        foreach (var keyword in candidates)
        {
            if (rest.StartsWith(keyword, _comparison))
            {
                return true;
            }
        }

        return false;
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
}
