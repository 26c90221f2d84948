using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Index;
using RepoOrchestrator.Search;
using Xunit.Abstractions;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// Soundness, probed: random patterns and texts over a small alphabet rich in what can go wrong (case twins such as
/// ſ, ı, İ and the Kelvin sign, quantifiers, classes, groups, escapes, braces); whenever the scan's own matcher (the
/// NonBacktracking regex with the scan's options, or the literal comparison) finds the pattern in a text, the text's
/// trigrams must satisfy the plan. Deterministic seed; also checks the probe is not vacuous.
/// </summary>
public sealed class TrigramPlanPropertyTests(ITestOutputHelper output)
{
    private static readonly string[] Alphabet =
        ["a", "b", "k", "s", "i", "K", "S", "I", "\u017F", "\u0131", "\u0130", "\u212A", "\u00E9", ".", "*", "+", "?", "|",
         "(", ")", "[", "]", "\\", "{", "}", "0", "9", "x", "u", "<", ",", "-", "^", "d", "p"];

    // Whole constructs the reader must skip or take exactly as .NET does, drawn besides single characters.
    private static readonly string[] Constructs =
        ["[]a]", "[^]k]", "[a-s-[k]]", "[\\]x]", "\\x41", "\\u0061", "\\cJ", "\\c[", "\\p{L}", "(ab|s)", "(k[)]i)", "{1}",
         "{0,2}", "{2,}", "{,2}", "{x", "\\.", "\\[", "+?", "??", "\\d", "\\b", "$", "\\0", "\\12", "a|", "\u00E9+"];

    // Characters a text may hold in place of a pattern character: its case twins under either comparison.
    private static readonly Dictionary<char, string> Twins = new()
    {
        ['a'] = "aA", ['b'] = "bB", ['k'] = "kK\u212A", ['K'] = "kK\u212A", ['\u212A'] = "kK\u212A", ['s'] = "sS\u017F",
        ['S'] = "sS\u017F", ['\u017F'] = "sS\u017F", ['i'] = "iI\u0131\u0130", ['I'] = "iI\u0131\u0130",
        ['\u0131'] = "iI\u0131", ['\u0130'] = "iI\u0130", ['\u00E9'] = "\u00E9\u00C9", ['x'] = "xX", ['u'] = "uU", ['d'] = "dD",
        ['p'] = "pP",
    };

    [Fact]
    public void Plan_NeverRulesOutATextTheScanMatches()
    {
        var random = new Random(20261205);
        var checkedHits = 0;
        var narrowedHits = 0;
        for (var round = 0; round < 6000; round++)
        {
            var pattern = random.Next(2) == 0 ? Draw(random, random.Next(3, 9)) : Compose(random, random.Next(2, 6));
            var regex = random.Next(4) != 0;
            var caseSensitive = random.Next(2) == 0;
            if (!SearchQuery.Create(pattern, regex, caseSensitive, "test").Succeeded)
            {
                continue;
            }

            var plan = TrigramPlan.For(pattern, regex, caseSensitive);
            var matcher = regex
                ? new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase))
                : null;
            for (var t = 0; t < 24; t++)
            {
                var text = t % 2 == 0 ? Derive(random, pattern) : Draw(random, random.Next(0, 14));
                var hit = matcher?.IsMatch(text)
                    ?? text.Contains(pattern, caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
                if (!hit)
                {
                    continue;
                }

                checkedHits++;
                if (plan is not null)
                {
                    narrowedHits++;
                    Assert.True(TrigramPlanTests.Admits(plan, text),
                        $"pattern {Escape(pattern)} (regex {regex}, case-sensitive {caseSensitive}) ruled out {Escape(text)}");
                }
            }
        }

        output.WriteLine($"{checkedHits} hits checked, {narrowedHits} of them against a plan");
        Assert.True(checkedHits > 12000, $"only {checkedHits} hits were checked");
        Assert.True(narrowedHits > 3000, $"only {narrowedHits} hits had a plan to check");
    }

    private static string Draw(Random random, int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string Compose(Random random, int parts)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            builder.Append(random.Next(3) == 0 ? Constructs[random.Next(Constructs.Length)] : Draw(random, random.Next(1, 4)));
        }

        return builder.ToString();
    }

    // A text likely to match: the pattern's characters, some dropped, doubled or swapped for a case twin, with noise around.
    private static string Derive(Random random, string pattern)
    {
        var builder = new StringBuilder(Draw(random, random.Next(0, 3)));
        foreach (var c in pattern)
        {
            var roll = random.Next(10);
            if (roll == 0 || (roll == 1 && c is '\\' or '*' or '+' or '?' or '|' or '(' or ')' or '[' or ']' or '{' or '}' or '^'))
            {
                continue;
            }

            var chosen = Twins.TryGetValue(c, out var twins) && roll < 5 ? twins[random.Next(twins.Length)] : c;
            builder.Append(chosen);
            if (roll == 9)
            {
                builder.Append(chosen);
            }
        }

        return builder.Append(Draw(random, random.Next(0, 3))).ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
