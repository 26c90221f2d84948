namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Tells long identifiers and paths (<c>AbstractSingletonProxyFactoryBean</c>, <c>test_handles_unicode_paths</c>)
/// from random keys without a dictionary: in words most adjacent letter pairs are common English bigrams, in random
/// strings few are. Measured on identifiers and random base64/alphanumeric strings of 32-64 characters: identifiers
/// score 0.55-0.88, random strings 0.17 on median and under 0.5 in more than 99.5% of cases.
/// </summary>
internal static class WordLikeness
{
    public const double Threshold = 0.5;

    // Identifiers made of words keep many common bigrams even with acronyms (MSBuild, CLR, JS); random mixed-case
    // strings that happen to have word-shaped humps (owjZZ5vdmgxvWhFT…) do not.
    private const double CamelCaseThreshold = 0.4;
    private const int MinLetterPairs = 8;

    // The 120 most frequent letter pairs of technical English (measured on .NET API documentation).
    private const string CommonBigrams =
        "ac ad ag al am an ar as at be bj ca ce ch ci co cr ct cu de di ea ec ed ee ef el em en ep eq er es et ex fi fo " +
        "ge ha he ia ic ie if in io is it iz je ke la le li ll lo lu ma mb me mm mp mr na nc nd ne ng no ns nt nu ob of " +
        "ol om on op or ou pa pe pr pt qu ra rd re ri rn ro ry se so sp ss st su sy ta te th ti to tr ts tt tu ty ue ul " +
        "um ur va ve wi wo xc yp ys";

    private static readonly bool[] Common = BuildTable();

    public static bool IsWordLike(ReadOnlySpan<char> value) => Score(value, out var pairs) >= Threshold && pairs >= MinLetterPairs;

    /// <summary>
    /// True for identifiers built of capitalised words and short acronyms (_MSBuildProjectExtensionsPathDefault,
    /// TryExportCompositeMLDsaPrivateKeyCore): at least 85 % of the letters sit in a word (a capital and two or more
    /// lower-case letters, or a run of lower-case letters) or an acronym of at most six capitals, with at least two
    /// capitalised words, few digits, and common letter pairs (<see cref="Score"/> of at least 0.4).
    /// In random keys short humps like aB3kQ keep that share near half.
    /// </summary>
    public static bool IsCamelCaseIdentifier(ReadOnlySpan<char> value)
    {
        int letters = 0, inWords = 0, digits = 0, capitalised = 0;
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                i++;
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                if (c is not '_' and not '.' and not '/' and not '-')
                {
                    return false;
                }

                i++;
                continue;
            }

            var upper = 0;
            while (i + upper < value.Length && char.IsAsciiLetterUpper(value[i + upper]))
            {
                upper++;
            }

            var lower = 0;
            while (i + upper + lower < value.Length && char.IsAsciiLetterLower(value[i + upper + lower]))
            {
                lower++;
            }

            // ABCWord: the acronym is ABC, Word starts at its last capital.
            var acronym = lower >= 2 && upper > 1 ? upper - 1 : (lower < 2 ? upper : 0);
            var word = lower >= 2 ? lower + (upper > 0 ? 1 : 0) : 0;
            capitalised += lower >= 2 && upper > 0 ? 1 : 0;
            letters += upper + lower;
            inWords += word + (acronym is > 0 and <= 6 ? acronym : 0);
            i += Math.Max(1, upper + lower);
        }

        return capitalised >= 2 && inWords * 100 >= letters * 85 && digits <= 4 && Score(value, out _) >= CamelCaseThreshold;
    }

    /// <summary>Share of adjacent letter pairs that are common bigrams (case-insensitive).</summary>
    public static double Score(ReadOnlySpan<char> value, out int pairs)
    {
        pairs = 0;
        var hits = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiLetter(value[i - 1]) || !char.IsAsciiLetter(value[i]))
            {
                continue;
            }

            pairs++;
            var first = (value[i - 1] | 0x20) - 'a';
            var second = (value[i] | 0x20) - 'a';
            if (Common[(first * 26) + second])
            {
                hits++;
            }
        }

        return pairs == 0 ? 0 : (double)hits / pairs;
    }

    private static bool[] BuildTable()
    {
        var table = new bool[26 * 26];
        foreach (var pair in CommonBigrams.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            table[((pair[0] - 'a') * 26) + (pair[1] - 'a')] = true;
        }

        return table;
    }
}
