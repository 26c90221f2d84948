namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Two placeholder shapes of <see cref="AssignmentValueFilter.IsPlaceholder"/> that need more than a glance at the first
/// and last character: template expressions in braces and fill-in words (other scanners' test samples hold both kinds
/// of look-alike, so each is told apart from a value by what it may contain).
/// </summary>
internal static class PlaceholderShapes
{
    // {{ expression }}, {{ if .x }}{{ .x }}{{ end }}, {0}, {name}: braces around expressions, every bracket closed in
    // order. {{h}o)p${e]nob(ody…}} only starts and ends with a brace: its ) and ] close nothing, so it is a value.
    public static bool IsTemplate(ReadOnlySpan<char> value)
    {
        if (value[0] is not '{' || value[^1] is not '}')
        {
            return false;
        }

        int braces = 0, parentheses = 0, squares = 0;
        foreach (var c in value)
        {
            braces += c switch { '{' => 1, '}' => -1, _ => 0 };
            parentheses += c switch { '(' => 1, ')' => -1, _ => 0 };
            squares += c switch { '[' => 1, ']' => -1, _ => 0 };
            if (braces < 0 || parentheses < 0 || squares < 0)
            {
                return false;
            }
        }

        return braces == 0 && parentheses == 0 && squares == 0;
    }

    // your_api_key_here, INSERT-TOKEN-HERE, put key here, somefakekey, dummy-token: words that ask for a value or say
    // they are not one. Only letters and separators: a random key that happens to hold "fake" has digits or symbols.
    public static bool IsFillIn(ReadOnlySpan<char> value)
    {
        var fillIn = value.Length >= 6 && value.EndsWith("here", StringComparison.OrdinalIgnoreCase) && value[^5] is '_' or '-' or ' ';
        if (!fillIn && !value.Contains("fake", StringComparison.OrdinalIgnoreCase) && !value.Contains("dummy", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c) && c is not '_' and not '-' and not ' ')
            {
                return false;
            }
        }

        return true;
    }
}
