namespace RepoOrchestrator.Index;

/// <summary>
/// Where a character class or a group of a .NET regular expression ends, read the way .NET's RegexParser reads it
/// (ScanCharClass, ScanCharEscape), so <see cref="RegexLiteralRuns"/> never takes a character inside one for a literal
/// outside it. Patterns reaching here are valid (SearchQuery compiled them); -1 means "not understood".
/// </summary>
internal static class RegexExtent
{
    /// <summary>The index after the first <paramref name="close"/> at or after <paramref name="from"/>, or -1.</summary>
    public static int CloseOf(string p, int from, char close)
    {
        var at = from < p.Length ? p.IndexOf(close, from) : -1;
        return at < 0 ? -1 : at + 1;
    }

    /// <summary>The index after the ')' closing the group whose content starts at <paramref name="at"/>, or -1.</summary>
    public static int GroupEnd(string p, int at)
    {
        var depth = 1;
        while (at < p.Length)
        {
            switch (p[at++])
            {
                case '\\':
                    at += at < p.Length && p[at] == 'c' ? 2 : 1; // \c takes any one character: \c[ \c\ \c] are control escapes
                    break;
                case '[':
                    at = ClassEnd(p, at);
                    if (at < 0)
                    {
                        return -1;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// The index after the ']' closing the class whose content starts at <paramref name="at"/>, or -1. Mirrors .NET's
    /// ScanCharClass: a ']' first (after an optional '^') is literal, escapes consume their arguments, and "-[" after a
    /// character or range opens a subtracted class that nests.
    /// </summary>
    public static int ClassEnd(string p, int at)
    {
        var first = true;
        var inRange = false;
        if (at < p.Length && p[at] == '^')
        {
            at++;
        }

        for (; at < p.Length; first = false)
        {
            var translated = false;
            var ch = p[at++];
            if (ch == ']' && !first)
            {
                return at;
            }

            if (ch == '\\' && at < p.Length)
            {
                var escaped = p[at++];
                if (escaped is 'd' or 'D' or 's' or 'S' or 'w' or 'W')
                {
                    continue;
                }

                if (escaped is 'p' or 'P')
                {
                    at = CloseOf(p, at, '}');
                    if (at < 0)
                    {
                        return -1;
                    }

                    continue;
                }

                if (escaped == '-')
                {
                    inRange = false;
                    continue;
                }

                at = EscapeEnd(p, at - 1);
                if (at < 0)
                {
                    return -1;
                }

                translated = true;
            }

            if (inRange)
            {
                inRange = false;
                if (ch == '[' && !translated && !first)
                {
                    at = ClassEnd(p, at);
                    if (at < 0)
                    {
                        return -1;
                    }
                }
            }
            else if (at + 1 < p.Length && p[at] == '-' && p[at + 1] != ']')
            {
                inRange = true;
                at++;
            }
            else if (at < p.Length && ch == '-' && !translated && p[at] == '[' && !first)
            {
                at = ClassEnd(p, at + 1);
                if (at < 0)
                {
                    return -1;
                }
            }
        }

        return -1;
    }

    /// <summary>After '\' in a class, at the escape letter: the index after the escape (.NET's ScanCharEscape), or -1.</summary>
    private static int EscapeEnd(string p, int at)
    {
        var ch = p[at++];
        var end = ch switch
        {
            >= '0' and <= '7' => OctalEnd(p, at - 1),
            'x' => at + 2,
            'u' => at + 4,
            'c' => at + 1,
            _ => at,
        };
        return end <= p.Length ? end : -1;
    }

    private static int OctalEnd(string p, int at)
    {
        var end = at;
        while (end < p.Length && end < at + 3 && p[end] is >= '0' and <= '7')
        {
            end++;
        }

        return end;
    }
}
