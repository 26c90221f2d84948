using System.Text;
using RepoOrchestrator.Index;
using RepoOrchestrator.Search;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// What each query asks of a file: the trigrams of the literal runs every match must hold, or null (every file is a
/// candidate) when a run could overlap text the service inserts, a branch has no usable run, or the pattern uses what
/// the reader does not follow. Alternatives are shown as their trigrams (bytes as Latin-1), sorted, space-separated.
/// </summary>
public sealed class TrigramPlanTests
{
    [Theory]
    [InlineData("abcd", true, "abc bcd")]
    [InlineData("ABCD", true, "abc bcd")] // folded: a superset of what a case-sensitive hit holds
    [InlineData("hello", false, "ell hel llo")]
    [InlineData("Skip it", false, "ip  p i  it")] // 's' and 'k' have non-ASCII twins (ſ, K): only windows without them
    [InlineData("a\u00e9bc", true, "a\u00c3\u00a9 \u00c3\u00a9b \u00a9bc")] // UTF-8 bytes
    [InlineData("a\u00e9bc", false, null)] // no window of three ASCII bytes
    [InlineData("ACTED", true, null)] // inside the marker: matched on every served line
    [InlineData("foo[RED", false, null)] // runs into the marker
    [InlineData("U+200B", true, null)] // the notation
    [InlineData("ab", true, null)] // refused by SearchQuery
    public void Literal(string query, bool caseSensitive, string? expected) =>
        Assert.Equal(Normal(expected), Show(TrigramPlan.For(query, regex: false, caseSensitive)));

    [Theory]
    [InlineData("pqrs", "pqr qrs")]
    [InlineData("^pqr$", "pqr")]
    [InlineData(@"\bpqr\b", "pqr")]
    [InlineData("p.qrs", "qrs")]
    [InlineData("pqr|xyz", "pqr|xyz")] // top-level alternation: one alternative per branch
    [InlineData("pqr|xy", null)] // a branch without a trigram matches anywhere
    [InlineData("pqr|", null)]
    [InlineData("xyz(pqr|mno)", "xyz")] // alternation inside a group is skipped with the group
    [InlineData("(pqr|mno)ghi", "ghi")]
    [InlineData("p(q|r)xyz", "xyz")]
    [InlineData("(pqr)+xyz", "xyz")]
    [InlineData(@"\.pqr", ".pq pqr")] // escaped literal
    [InlineData(@"pqr\x41xyz", "pqr xyz")] // \xHH: its digits are no literal
    [InlineData(@"pqr\u0041xyz", "pqr xyz")]
    [InlineData(@"pqr\cJxyz", "pqr xyz")]
    [InlineData(@"pqr\c[xyz", "pqr xyz")] // \c[ is ESC, not a class
    [InlineData(@"pqr\p{L}xyz", "pqr xyz")] // \p{..}: its name is no literal
    [InlineData(@"pqr\P{Lu}xyz", "pqr xyz")]
    [InlineData(@"pqr\12xyz", "pqr xyz")] // octal: every digit dropped
    [InlineData(@"pqr\d+xyz", "pqr xyz")]
    [InlineData("[]p]qrs", "qrs")] // ']' first in a class is literal
    [InlineData("[^]p]qrs", "qrs")]
    [InlineData("[a-z-[aeiou]]xyz", "xyz")] // class subtraction nests
    [InlineData(@"[\]x]pqr", "pqr")]
    [InlineData(@"[\c]]pqr", "pqr")] // \c] inside a class
    [InlineData("p]qr", "p]q ]qr")] // ']' outside a class is literal
    [InlineData("pqrs?tuv", "pqr tuv")] // optional atom: removed, run ends
    [InlineData("pqr*xyz", "xyz")]
    [InlineData("pqrs??tuv", "pqr tuv")] // lazy suffix
    [InlineData("pqr+xyz", "pqr xyz")] // kept once, run ends ("pqrrxyz" has no "rxy")
    [InlineData("pqr+?xyz", "pqr xyz")]
    [InlineData("pqr{2}xyz", "pqr xyz")]
    [InlineData("pqr{2,}xyz", "pqr xyz")]
    [InlineData("pqrs{0,2}tuv", "pqr tuv")]
    [InlineData("pqrs{00}tuv", "pqr tuv")]
    [InlineData("pqrs{xyz", "pqr xyz")] // '{' that is no quantifier: run ends, atom before it dropped
    [InlineData("pqrs{,2}xyz", "pqr ,2} 2}x }xy xyz")] // literal to .NET ({,n} is no quantifier)
    [InlineData("(?i)pqr", null)] // inline options
    [InlineData("pqr(?:xyz)", null)]
    [InlineData("ACT", null)] // a piece of the marker
    [InlineData(@"foo\[RED", null)] // runs into the marker
    [InlineData("ED]xyz", null)] // runs out of it
    [InlineData("xyzw.ACT", "xyz yzw")] // the marker piece contributes nothing, the rest narrows
    [InlineData("200B", null)] // could lie inside a notation
    [InlineData("x<U", null)]
    [InlineData("pqr.200B", "pqr")]
    [InlineData(@"pqrU\+", null)]
    [InlineData("pqrU+", "pqr qru")] // a quantified U, no "U+" in any match
    [InlineData("pqr>x", null)]
    [InlineData("face", null)] // only hex digits: could be the inside of a notation
    public void Regex_CaseSensitive(string pattern, string? expected) =>
        Assert.Equal(Normal(expected), Show(TrigramPlan.For(pattern, regex: true, caseSensitive: true)));

    [Theory]
    [InlineData("Hello", "ell hel llo")]
    [InlineData("\u212Axyz", "xyz")] // the Kelvin sign: its bytes are not ASCII
    [InlineData("Skip.it", null)]
    [InlineData("act", null)] // the marker ignoring case
    [InlineData("\u212Aey.xyz", "xyz")] // twin of 'k': "KEY" is no marker piece, the rest is usable
    public void Regex_IgnoringCase(string pattern, string? expected) =>
        Assert.Equal(Normal(expected), Show(TrigramPlan.For(pattern, regex: true, caseSensitive: false)));

    [Fact]
    public void Regex_AstralCharacter_QuantifierTakesOnlyItsLowHalf()
    {
        // "😀?" makes the LOW surrogate optional: the high one alone is no text, so it must not become EF BF BD.
        Assert.Equal("xyz", Show(TrigramPlan.For("xyz\U0001F600?", regex: true, caseSensitive: true)));
        Assert.Equal(Normal("\u00f0\u009f\u0098 \u009f\u0098\u0080 xyz"),
            Show(TrigramPlan.For("\U0001F600+xyz", regex: true, caseSensitive: true)));
    }

    [Fact]
    public void Regex_UnbracedQuantifier_IsLiteralToDotNet() =>
        Assert.Matches(new System.Text.RegularExpressions.Regex("abcd{,2}xyz"), "abcd{,2}xyz");

    [Fact]
    public void Regex_FileWithAHiddenCharacter_IsAlwaysACandidate()
    {
        // Served with hidden characters stripped, "xy<ZWSP>z" reads "xyz": every regex plan must admit such a file.
        var plan = TrigramPlan.For("xyz", regex: true, caseSensitive: true)!;
        foreach (var hidden in new[] { "\u200B", "\u061C", "\uFEFF", "\U000E0041", "\u2066" })
        {
            Assert.True(Admits(plan, "xy" + hidden + "z"), $"U+{char.ConvertToUtf32(hidden, 0):X4}");
        }

        Assert.False(Admits(plan, "xy z"));
        Assert.True(Admits(plan, "__xyz__"));
    }

    // The index's own extraction (one per thread: it keeps a 2 MiB table) is what the plan must be sound against.
    private static readonly ThreadLocal<TrigramExtractor> Extractor = new(() => new TrigramExtractor());

    internal static bool Admits(TrigramPlan plan, string text)
    {
        var grams = new HashSet<uint>(Extractor.Value!.Extract(Encoding.UTF8.GetBytes(text)));
        return plan.Alternatives.Any(alternative => alternative.All(grams.Contains));
    }

    // The branch alternatives, without the hidden-character ones every regex plan carries.
    private static string? Show(TrigramPlan? plan)
    {
        if (plan is null)
        {
            return null;
        }

        var hidden = HiddenTextTrigrams.Alternatives!.Select(a => a[0]).ToHashSet();
        return string.Join('|', plan.Alternatives
            .Where(a => !(a.Length == 1 && hidden.Contains(a[0])))
            .Select(a => string.Join(' ', a.Select(Render).Order(StringComparer.Ordinal))));
    }

    private static string? Normal(string? expected) => expected is null ? null
        : string.Join('|', expected.Split('|').Select(a => string.Join(' ', SplitGrams(a).Order(StringComparer.Ordinal))));

    // Three characters each, separated by one space (a trigram may itself hold spaces).
    private static IEnumerable<string> SplitGrams(string alternative) =>
        Enumerable.Range(0, (alternative.Length + 1) / 4).Select(i => alternative.Substring(i * 4, 3));

    private static string Render(uint gram) => new([(char)(gram >> 16), (char)((gram >> 8) & 0xFF), (char)(gram & 0xFF)]);
}
