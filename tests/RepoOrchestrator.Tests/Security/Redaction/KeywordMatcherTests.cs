using System.Buffers;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// <see cref="KeywordMatcher"/> must answer exactly what the <see cref="SearchValues{T}"/> search it replaces answered
/// (the earliest position where any keyword starts), for both comparisons, on any text.
/// </summary>
public sealed class KeywordMatcherTests
{
    private static readonly string[] Keywords = ["sk_", "sk_live_", "secret", "token", "twilio", "dd_api", "api-", "ghp_", "abc", "abcd", "bcd"];

    [Theory]
    [InlineData("sk_live_x", 0)]
    [InlineData("xx sk_", 3)]
    [InlineData("tok", -1)]
    [InlineData("", -1)]
    [InlineData("ab", -1)]
    [InlineData("zzabcd", 2)]
    [InlineData("zzbcd", 2)]
    [InlineData("abxbcd", 3)]
    [InlineData("Token", -1)]
    [InlineData("a token", 2)]
    public void IndexOfAny_Ordinal_FindsEarliestKeyword(string text, int expected)
    {
        var matcher = new KeywordMatcher(Keywords, StringComparison.Ordinal);

        Assert.Equal(expected, matcher.IndexOfAny(text));
    }

    [Theory]
    [InlineData("TOKEN", 0)]
    [InlineData("my TwIlIo sid", 3)]
    [InlineData("DD_API_KEY", 0)]
    [InlineData("xx SK_LIVE_", 3)]
    [InlineData("ends with secreT", 10)]
    [InlineData("no keyword here", -1)]
    public void IndexOfAny_IgnoreCase_FindsAnyCasing(string text, int expected)
    {
        var matcher = new KeywordMatcher(Keywords, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(expected, matcher.IndexOfAny(text));
    }

    [Theory]
    [InlineData("ſecret")] // U+017F long s is 's' under OrdinalIgnoreCase
    [InlineData("twılio")] // U+0131 dotless i is 'i'
    [InlineData("ｔｏｋｅｎ token")] // full-width letters are not ASCII letters: the ASCII word after them is the hit
    [InlineData("日本語のtoken説明")]
    [InlineData("\ud83d\ude00secret\ud83d\ude00")]
    [InlineData("Kelvin \u212Aey tokén TOKEN")]
    public void IndexOfAny_NonAsciiText_AgreesWithSearchValues(string text)
    {
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var matcher = new KeywordMatcher(Keywords, comparison);

            Assert.Equal(text.AsSpan().IndexOfAny(SearchValues.Create(Keywords, comparison)), matcher.IndexOfAny(text));
        }
    }

    [Fact]
    public void IndexOfAny_OverlappingKeywords_EveryStartIsFound()
    {
        var matcher = new KeywordMatcher(Keywords, StringComparison.Ordinal);
        const string text = "xabcdsk_live_";

        Assert.Equal([1, 2, 5], AllStarts(matcher, text)); // abc/abcd at 1, bcd at 2, sk_/sk_live_ at 5
    }

    [Fact]
    public void IndexOfAny_RandomTextOverCatalogKeywords_AgreesWithSearchValues()
    {
        var prefixes = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Prefix).SelectMany(f => f.Keywords).Distinct(StringComparer.Ordinal).ToArray();
        var names = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Named).SelectMany(f => f.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var random = new Random(1414);
        const string alphabet = "abcdeiklnopstuwxyzABCDEIKLNOPSTUWXYZ0123456789_-. :\n\"ſı\u212A日";
        foreach (var (keywords, comparison) in new[] { (prefixes, StringComparison.Ordinal), (names, StringComparison.OrdinalIgnoreCase) })
        {
            var matcher = new KeywordMatcher(keywords, comparison);
            var reference = SearchValues.Create(keywords, comparison);
            for (var round = 0; round < 200; round++)
            {
                // random characters with keywords (in random casing) spliced in, so hits occur at every kind of position
                var builder = new System.Text.StringBuilder();
                while (builder.Length < 400)
                {
                    if (random.Next(8) == 0)
                    {
                        var keyword = keywords[random.Next(keywords.Length)];
                        builder.Append(comparison == StringComparison.Ordinal ? keyword : RandomCase(keyword, random));
                    }
                    else
                    {
                        builder.Append(alphabet[random.Next(alphabet.Length)]);
                    }
                }

                var text = builder.ToString();
                Assert.Equal(AllStarts(reference, text), AllStarts(matcher, text));
            }
        }
    }

    [Fact]
    public void IndexOfAny_TwoSets_SaysWhichSetsStartAtEachHit()
    {
        // ordinal set 0 and case-blind set 1 share the filter, which folds case: GHP_ passes it but is no ordinal hit
        var matcher = new KeywordMatcher([new KeywordSet(["ghp_", "sk_live_", "abc"], StringComparison.Ordinal), new KeywordSet(["twilio", "abcd"], StringComparison.OrdinalIgnoreCase)]);
        const string text = "GHP_ ghp_ TwIlIo sk_live_ SK_LIVE_ abcd ABCD abc";

        Assert.Equal([(5, 1u), (10, 2u), (17, 1u), (35, 3u), (40, 2u), (45, 1u)], AllHits(matcher, text));
    }

    [Fact]
    public void IndexOfAny_CatalogSetsTogether_AgreeWithEachSetsSearchValues()
    {
        var prefixes = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Prefix).SelectMany(f => f.Keywords).Distinct(StringComparer.Ordinal).ToArray();
        var names = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Named).SelectMany(f => f.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var matcher = new KeywordMatcher([new KeywordSet(prefixes, StringComparison.Ordinal), new KeywordSet(names, StringComparison.OrdinalIgnoreCase)]);
        var prefixSearch = SearchValues.Create(prefixes, StringComparison.Ordinal);
        var nameSearch = SearchValues.Create(names, StringComparison.OrdinalIgnoreCase);
        var random = new Random(1415);
        const string alphabet = "abcdeiklnopstuwxyzABCDEIKLNOPSTUWXYZ0123456789_-. :\n\"ſı\u212A日";
        for (var round = 0; round < 300; round++)
        {
            var builder = new System.Text.StringBuilder();
            while (builder.Length < 400)
            {
                if (random.Next(6) == 0)
                {
                    var keyword = random.Next(2) == 0 ? prefixes[random.Next(prefixes.Length)] : names[random.Next(names.Length)];
                    builder.Append(random.Next(3) == 0 ? RandomCase(keyword, random) : keyword);
                }
                else
                {
                    builder.Append(alphabet[random.Next(alphabet.Length)]);
                }
            }

            var text = builder.ToString();
            var expected = AllStarts(prefixSearch, text).Select(p => (p, 1u)).Concat(AllStarts(nameSearch, text).Select(p => (p, 2u)))
                .GroupBy(h => h.p).Select(g => (g.Key, g.Aggregate(0u, (mask, h) => mask | h.Item2))).OrderBy(h => h.Key).ToList();
            Assert.Equal(expected, AllHits(matcher, text));
        }
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("tökén")]
    public void Constructor_ShortOrNonAsciiKeyword_Throws(string keyword)
    {
        Assert.Throws<ArgumentException>(() => new KeywordMatcher([keyword], StringComparison.Ordinal));
    }

    private static List<(int, uint)> AllHits(KeywordMatcher matcher, string text)
    {
        var hits = new List<(int, uint)>();
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = matcher.IndexOfAny(text.AsSpan(offset), out var sets);
            if (hit < 0)
            {
                break;
            }

            hits.Add((offset + hit, sets));
            offset += hit + 1;
        }

        return hits;
    }

    private static List<int> AllStarts(KeywordMatcher matcher, string text) => AllStarts(s => matcher.IndexOfAny(s), text);

    private static List<int> AllStarts(SearchValues<string> values, string text) => AllStarts(s => s.IndexOfAny(values), text);

    private static List<int> AllStarts(Func<ReadOnlySpan<char>, int> find, string text)
    {
        var starts = new List<int>();
        var offset = 0;
        while (offset < text.Length)
        {
            var hit = find(text.AsSpan(offset));
            if (hit < 0)
            {
                break;
            }

            starts.Add(offset + hit);
            offset += hit + 1;
        }

        return starts;
    }

    private static string RandomCase(string keyword, Random random) =>
        string.Concat(keyword.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c));
}
