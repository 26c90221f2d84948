using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// The ASCII characters with a non-ASCII case twin, recomputed here another way than the production code does it:
/// each regex engine is asked from the other side (a class of every non-ASCII character, bisected, against each ASCII
/// text), ordinal ignore-case by IndexOf over one string of every non-ASCII character, and invariant casing per scalar.
/// </summary>
public sealed class AsciiCaseClosureTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [Fact]
    public void Excluded_IsWhatTheRuntimeSays()
    {
        var twins = new Dictionary<char, HashSet<char>>(); // non-ASCII character -> ASCII characters it pairs with
        foreach (var engine in new[] { RegexOptions.None, RegexOptions.NonBacktracking })
        {
            for (var ascii = (char)0; ascii < 128; ascii++)
            {
                Bisect(0x80, 0xFFFF, ascii, Options | engine, twins);
            }
        }

        var everyNonAscii = string.Concat(Enumerable.Range(0x80, 0x10000 - 0x80).Select(c => (char)c));
        for (var ascii = (char)0; ascii < 128; ascii++)
        {
            for (var at = everyNonAscii.IndexOf(ascii.ToString(), StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = everyNonAscii.IndexOf(ascii.ToString(), at + 1, StringComparison.OrdinalIgnoreCase))
            {
                Add(twins, everyNonAscii[at], ascii);
            }
        }

        for (var code = 0x80; code <= 0x10FFFF; code++)
        {
            if (Rune.IsValid(code))
            {
                foreach (var mapped in new[] { Rune.ToUpperInvariant(new Rune(code)), Rune.ToLowerInvariant(new Rune(code)) })
                {
                    if (mapped.IsAscii)
                    {
                        Add(twins, code <= 0xFFFF ? (char)code : '\uFFFF', (char)mapped.Value);
                    }
                }
            }
        }

        var expected = twins.Values.SelectMany(set => set)
            .SelectMany(a => char.IsAsciiLetter(a) ? new[] { char.ToLowerInvariant(a), char.ToUpperInvariant(a) } : [a])
            .Distinct().Order().ToList();
        Assert.Equal(expected, AsciiCaseClosure.Excluded);
        Assert.Contains('k', expected); // the Kelvin sign, in every Unicode version .NET has shipped
        Assert.Contains('K', expected);

        // The twin the marker and notation checks read each non-ASCII character as is its only ASCII twin.
        foreach (var (c, set) in twins.Where(pair => pair.Key != '\uFFFF'))
        {
            Assert.Single(set.Select(char.ToLowerInvariant).Distinct());
            Assert.Equal(char.ToLowerInvariant(set.First()), char.ToLowerInvariant(AsciiCaseClosure.AsciiTwinOrSelf(c)));
        }
    }

    private static void Bisect(int low, int high, char ascii, RegexOptions options, Dictionary<char, HashSet<char>> twins)
    {
        var pattern = $"^[\\u{low:X4}-\\u{high:X4}]$";
        if (!Regex.IsMatch(ascii.ToString(), pattern, options))
        {
            return;
        }

        if (low == high)
        {
            Add(twins, (char)low, ascii);
            return;
        }

        var middle = (low + high) / 2;
        Bisect(low, middle, ascii, options, twins);
        Bisect(middle + 1, high, ascii, options, twins);
    }

    private static void Add(Dictionary<char, HashSet<char>> twins, char c, char ascii)
    {
        if (!twins.TryGetValue(c, out var set))
        {
            twins[c] = set = [];
        }

        set.Add(ascii);
    }
}
