namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// A bracket class of a <see cref="PathGlob"/> (`[abc]`, `[a-z]`, `[!…]`/`[^…]`, `\` escapes and POSIX classes such as
/// `[[:digit:]]`), as git's wildmatch reads it; like git's, a class never matches '/'.
/// </summary>
internal static class PathGlobClass
{
    /// <summary>The class starting at the '[' at <paramref name="i"/>; <paramref name="i"/> ends past its ']'.</summary>
    public static bool TryParse(string pattern, ref int i, out Func<char, bool> test, out string? error)
    {
        test = static _ => false;
        error = null;
        var start = i;
        i++; // '['
        var negated = i < pattern.Length && pattern[i] is '!' or '^';
        if (negated)
        {
            i++;
        }

        var ranges = new List<(char From, char To)>();
        var named = new List<Func<char, bool>>();
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':'
                && pattern.IndexOf(":]", i + 2, StringComparison.Ordinal) is var close and > 0)
            {
                // A POSIX class inside the brackets, as git's wildmatch reads `[[:digit:]]`.
                var name = pattern[(i + 2)..close];
                if (PosixClass(name) is not { } posix)
                {
                    error = $"has an unknown character class '[:{name}:]'";
                    return false;
                }

                named.Add(posix);
                i = close + 2;
                continue;
            }

            var from = pattern[i];
            if (from == '\\' && i + 1 < pattern.Length)
            {
                from = pattern[++i];
            }

            i++;
            var to = from;
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                to = pattern[i + 1];
                if (to == '\\' && i + 2 < pattern.Length)
                {
                    to = pattern[i + 2];
                    i++;
                }

                i += 2;
                if (to < from)
                {
                    error = $"has a character range '{from}-{to}' that runs backwards";
                    return false;
                }
            }

            ranges.Add((from, to));
        }

        if (i >= pattern.Length)
        {
            error = $"has a '[' at position {start + 1} without its ']'";
            return false;
        }

        i++; // ']'
        var set = ranges.ToArray();
        var classes = named.ToArray();
        test = ch => ch != '/' && negated != (set.Any(r => ch >= r.From && ch <= r.To) || classes.Any(c => c(ch)));
        return true;
    }

    private static Func<char, bool>? PosixClass(string name) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit,
        "alpha" => char.IsAsciiLetter,
        "blank" => static c => c is ' ' or '\t',
        "cntrl" => char.IsControl,
        "digit" => char.IsAsciiDigit,
        "graph" => static c => c is > ' ' and < '\u007F',
        "lower" => char.IsAsciiLetterLower,
        "print" => static c => c is >= ' ' and < '\u007F',
        "punct" => static c => c is > ' ' and < '\u007F' && !char.IsAsciiLetterOrDigit(c),
        "space" => static c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
        "upper" => char.IsAsciiLetterUpper,
        "xdigit" => char.IsAsciiHexDigit,
        _ => null,
    };
}
