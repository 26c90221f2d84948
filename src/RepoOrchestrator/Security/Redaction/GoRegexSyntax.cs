using System.Text;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Adapts gitleaks (Go RE2) expressions to .NET. Go numbers every capture group by its opening parenthesis, named
/// or not, while .NET numbers unnamed groups first; gitleaks' <c>secretGroup</c> is a Go number, so named groups
/// (<c>(?P&lt;n&gt;…)</c> or <c>(?&lt;n&gt;…)</c>) become plain groups, which keeps the numbering and accepts the
/// <c>?P</c> form .NET lacks. RE2 has no back-references, so no name is ever needed.
/// </summary>
internal static class GoRegexSyntax
{
    public static string ToDotNet(string pattern)
    {
        var result = new StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                result.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                result.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    result.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(pattern[++i]); // a ']' first in a class is literal
                }

                continue;
            }

            if (c == '(' && NamedGroupEnd(pattern, i) is var end and > 0)
            {
                result.Append('(');
                i = end;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    // Index of the '>' closing "(?P<name>" or "(?<name>" at start, or -1 (lookbehinds "(?<=" "(?<!" are not names).
    private static int NamedGroupEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i >= pattern.Length || pattern[i] != '?')
        {
            return -1;
        }

        i++;
        if (i < pattern.Length && pattern[i] == 'P')
        {
            i++;
        }

        if (i >= pattern.Length || pattern[i] != '<' || i + 1 >= pattern.Length || !(char.IsAsciiLetter(pattern[i + 1]) || pattern[i + 1] == '_'))
        {
            return -1;
        }

        for (i += 2; i < pattern.Length; i++)
        {
            if (pattern[i] == '>')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(pattern[i]) && pattern[i] != '_')
            {
                return -1;
            }
        }

        return -1;
    }
}
