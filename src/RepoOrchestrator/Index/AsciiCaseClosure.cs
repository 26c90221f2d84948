using System.Text;
using System.Text.RegularExpressions;

namespace RepoOrchestrator.Index;

/// <summary>
/// Which ASCII characters a case-insensitive search may match with a non-ASCII character (the Kelvin sign K matches
/// "k" in a regular expression; 'ſ' upper-cases to "S"), computed once at run time from this runtime's own casing:
/// invariant upper and lower case, <see cref="StringComparison.OrdinalIgnoreCase"/>, and both regex engines with
/// IgnoreCase | CultureInvariant. Asked at run time, not listed, because the answer is the runtime's (its Unicode
/// version, invariant-globalization mode) and a stale list would silently drop results.
/// SECURITY: a case-insensitive trigram may only be asked for when each of its bytes matches nothing but itself
/// and its ASCII case twin; a letter with a non-ASCII twin is excluded in both cases (<see cref="IsExcluded"/>).
/// </summary>
internal static class AsciiCaseClosure
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly (bool[] Excluded, Dictionary<char, char> Twins) Tables = Compute();

    /// <summary>Whether case-insensitive matching may pair ASCII byte <paramref name="b"/> with a non-ASCII character.</summary>
    public static bool IsExcluded(byte b) => b >= 0x80 || Tables.Excluded[b];

    /// <summary>The excluded ASCII characters, ascending (both cases of each letter).</summary>
    public static IReadOnlyList<char> Excluded => [.. Enumerable.Range(0, 128).Where(b => Tables.Excluded[b]).Select(b => (char)b)];

    /// <summary>The ASCII character <paramref name="c"/> may match when case is ignored, or <paramref name="c"/> itself.</summary>
    public static char AsciiTwinOrSelf(char c) => Tables.Twins.TryGetValue(c, out var twin) ? twin : c;

    private static (bool[] Excluded, Dictionary<char, char> Twins) Compute()
    {
        var excluded = new bool[128];
        var twins = new Dictionary<char, char>();
        Regex[] anyAscii = [new(@"^[\x00-\x7F]$", Options), new(@"^[\x00-\x7F]$", Options | RegexOptions.NonBacktracking)];
        Regex[][]? perAscii = null;
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            var c = (char)code;
            var text = c.ToString();
            Note(c, char.ToUpperInvariant(c));
            Note(c, char.ToLowerInvariant(c));
            for (var letter = 'A'; letter <= 'Z'; letter++)
            {
                if (string.Equals(text, letter.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    Note(c, letter);
                }
            }

            if (!anyAscii[0].IsMatch(text) && !anyAscii[1].IsMatch(text))
            {
                continue;
            }

            perAscii ??= BuildPerAscii();
            var found = false;
            for (var a = 0; a < 128; a++)
            {
                if (perAscii[a][0].IsMatch(text) || perAscii[a][1].IsMatch(text))
                {
                    Note(c, (char)a);
                    found = true;
                }
            }

            if (!found)
            {
                Array.Fill(excluded, true); // SECURITY: fail closed: a twin of some ASCII character that no single one explains
            }
        }

        // A surrogate pair is two chars to both regex engines and to ordinal comparison; still, a scalar whose
        // simple case mapping were ASCII would pair with it, so astral scalars are asked too.
        for (var code = 0x10000; code <= 0x10FFFF; code++)
        {
            var rune = new Rune(code);
            foreach (var mapped in (ReadOnlySpan<Rune>)[Rune.ToUpperInvariant(rune), Rune.ToLowerInvariant(rune)])
            {
                if (mapped.IsAscii)
                {
                    Exclude((char)mapped.Value);
                }
            }
        }

        return (excluded, twins);

        void Note(char c, char twin)
        {
            if (twin < 0x80)
            {
                Exclude(twin);
                twins.TryAdd(c, twin);
            }
        }

        void Exclude(char ascii)
        {
            excluded[ascii] = true;
            if (char.IsAsciiLetter(ascii))
            {
                excluded[ascii | 0x20] = true;
                excluded[ascii & ~0x20] = true;
            }
        }
    }

    private static Regex[][] BuildPerAscii() =>
        [.. Enumerable.Range(0, 128).Select(a =>
        {
            var pattern = "^" + Regex.Escape(((char)a).ToString()) + "$";
            return new[] { new Regex(pattern, Options), new Regex(pattern, Options | RegexOptions.NonBacktracking) };
        })];
}
