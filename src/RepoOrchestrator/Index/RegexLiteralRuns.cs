using System.Globalization;
using System.Text;

namespace RepoOrchestrator.Index;

/// <summary>
/// Reads a .NET regular expression (already validated, without inline options) as top-level branches, each with the
/// runs of literal characters that every match of that branch holds contiguously. The reading follows .NET's own
/// parser where it decides what is literal (which '{' is a quantifier, where a class ends, what an escape consumes),
/// and otherwise errs towards fewer literals: groups and classes are skipped whole, an optional atom ends its run.
/// SECURITY: a run must never hold a character a match may lack or hold in between; dropping a literal only costs
/// narrowing, keeping a wrong one drops results.
/// </summary>
internal static class RegexLiteralRuns
{
    /// <summary>The runs of each top-level branch, or null when the pattern has a construct this reading does not follow.</summary>
    public static List<List<string>>? Read(string pattern)
    {
        var branches = new List<List<string>>();
        var runs = new List<string>();
        var run = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '|')
            {
                EndRun(run, runs);
                branches.Add(runs);
                runs = [];
                i++;
                continue;
            }

            var literal = false;
            switch (c)
            {
                case '\\':
                    if (!ReadEscape(pattern, ref i, out literal, out c))
                    {
                        return null;
                    }

                    break;
                case '[':
                    i = SkipClass(pattern, i + 1);
                    break;
                case '(':
                    i = SkipGroup(pattern, i + 1);
                    break;
                case '.' or '^' or '$':
                    i++;
                    break;
                case '{' when !IsQuantifier(pattern, i, out _, out _):
                    // .NET takes it as a literal '{'; read as a break that also forgets the atom before it.
                    if (run.Length > 0)
                    {
                        run.Length--;
                    }

                    i++;
                    break;
                case ')' or '*' or '+' or '?' or '{':
                    return null; // a quantifier after nothing, or an unbalanced ')': .NET refuses these
                default:
                    literal = true;
                    i++;
                    break;
            }

            if (i < 0)
            {
                return null;
            }

            var required = true;
            var quantified = false;
            while (i < pattern.Length && IsQuantifier(pattern, i, out var optional, out var next))
            {
                quantified = true;
                required &= !optional;
                i = next;
                if (i < pattern.Length && pattern[i] is '?' or '+')
                {
                    i++; // lazy (or possessive) suffix; a second quantifier after it makes the atom optional if it can
                }
            }

            if (literal && required)
            {
                run.Append(c);
            }

            if (!literal || quantified)
            {
                EndRun(run, runs);
            }
        }

        EndRun(run, runs);
        branches.Add(runs);
        return branches;
    }

    private static void EndRun(StringBuilder run, List<string> runs)
    {
        if (run.Length > 0)
        {
            runs.Add(run.ToString());
            run.Clear();
        }
    }

    /// <summary>Whether a quantifier starts at <paramref name="at"/> (for '{', exactly when .NET's IsTrueQuantifier says so).</summary>
    private static bool IsQuantifier(string p, int at, out bool optional, out int next)
    {
        optional = p[at] is '*' or '?';
        next = at + 1;
        if (p[at] is '*' or '?' or '+')
        {
            return true;
        }

        if (p[at] != '{')
        {
            return false;
        }

        var digits = at + 1;
        while (digits < p.Length && char.IsAsciiDigit(p[digits]))
        {
            digits++;
        }

        if (digits == at + 1 || digits == p.Length)
        {
            return false;
        }

        optional = !p.AsSpan(at + 1, digits - at - 1).ContainsAnyExcept('0'); // {0}, {0,n}, {00,}
        if (p[digits] == ',')
        {
            digits++;
            while (digits < p.Length && char.IsAsciiDigit(p[digits]))
            {
                digits++;
            }
        }

        next = digits + 1;
        return digits < p.Length && p[digits] == '}';
    }

    /// <summary>Reads the escape at <paramref name="i"/> ('\'): a literal (backslash and a non-word character) or an escape with its arguments.</summary>
    private static bool ReadEscape(string p, ref int i, out bool literal, out char value)
    {
        literal = false;
        value = '\0';
        if (i + 1 >= p.Length)
        {
            return false;
        }

        var c = p[i + 1];
        if (!IsWordLike(c))
        {
            literal = true;
            value = c;
            i += 2;
            return true;
        }

        i = c switch
        {
            'x' => i + 4,
            'u' => i + 6,
            'c' => i + 3,
            'p' or 'P' => CloseOf(p, i + 2, '}'),
            'k' when i + 2 < p.Length && p[i + 2] is '<' or '\'' => CloseOf(p, i + 3, p[i + 2] == '<' ? '>' : '\''),
            'k' => -1,
            >= '0' and <= '9' => SkipDigits(p, i + 1),
            _ => i + 2, // \b \B \A \G \Z \z \w \W \s \S \d \D \a \e \f \n \r \t \v, or one .NET refuses
        };
        return i >= 0 && i <= p.Length;
    }

    // Conservative stand-in for .NET's RegexCharClass.IsBoundaryWordChar: letters, marks, numbers, connectors, ZWJ/ZWNJ.
    private static bool IsWordLike(char c) =>
        c is '\u200C' or '\u200D' || char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };

    private static int CloseOf(string p, int from, char close)
    {
        var at = from < p.Length ? p.IndexOf(close, from) : -1;
        return at < 0 ? -1 : at + 1;
    }

    private static int SkipDigits(string p, int at)
    {
        while (at < p.Length && char.IsAsciiDigit(p[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary>The index after the ')' closing the group whose content starts at <paramref name="at"/>, or -1.</summary>
    private static int SkipGroup(string p, int at)
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
                    at = SkipClass(p, at);
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
    private static int SkipClass(string p, int at)
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

                at = SkipClassEscape(p, at - 1);
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
                    at = SkipClass(p, at);
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
                at = SkipClass(p, at + 1);
                if (at < 0)
                {
                    return -1;
                }
            }
        }

        return -1;
    }

    /// <summary>After '\' in a class, at the escape letter: the index after the escape (.NET's ScanCharEscape), or -1.</summary>
    private static int SkipClassEscape(string p, int at)
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
