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
                    i = RegexExtent.ClassEnd(pattern, i + 1);
                    break;
                case '(':
                    i = RegexExtent.GroupEnd(pattern, i + 1);
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
            'p' or 'P' => RegexExtent.CloseOf(p, i + 2, '}'),
            'k' when i + 2 < p.Length && p[i + 2] is '<' or '\'' => RegexExtent.CloseOf(p, i + 3, p[i + 2] == '<' ? '>' : '\''),
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

    private static int SkipDigits(string p, int at)
    {
        while (at < p.Length && char.IsAsciiDigit(p[at]))
        {
            at++;
        }

        return at;
    }
}
