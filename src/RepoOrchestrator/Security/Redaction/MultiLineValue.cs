namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Secret values that do not end where their first line ends (issue 14, break 4): YAML block scalars
/// (<c>password: &gt;-</c> then indented lines), YAML lists and plain scalars under a secret key (<c>passwords:</c>
/// then <c>- value</c>), backslash line continuations (<c>token = "…" \</c> then more), and connection-string values
/// with blanks or braces (<c>Password=…;</c> where the value has blanks, <c>PWD={…}</c>). Every scan is bounded by
/// <see cref="MaxLines"/> lines, so the cost stays linear in the text.
/// </summary>
internal static class MultiLineValue
{
    public const int MaxLines = 64;

    /// <summary>
    /// When the name ending at <paramref name="nameEnd"/> is a YAML/JSON key with nothing after its colon (or a block
    /// indicator), redacts the value lines below it and returns true. The caller goes on scanning inside those lines:
    /// what a block holds (a JSON object, a nested key) is judged on its own whether or not the block was taken.
    /// </summary>
    public static bool TryYamlBlock(string text, int nameStart, int nameEnd, string ruleId, ref SecretSink sink)
    {
        var i = nameEnd;
        while (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        i = SkipBlanks(text, i);
        if (i >= text.Length || text[i] != ':')
        {
            return false;
        }

        i = SkipBlanks(text, i + 1);
        var block = i < text.Length && text[i] is '|' or '>';
        if (block)
        {
            i++;
            while (i < text.Length && (text[i] is '+' or '-' || char.IsAsciiDigit(text[i])))
            {
                i++;
            }

            i = SkipBlanks(text, i);
        }

        if (i < text.Length && text[i] == '#')
        {
            i = LineEnd(text, i);
        }

        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '\n')
        {
            return false;
        }

        var keyIndent = Indent(text, LineStart(text, nameStart));
        if (block)
        {
            BlockScalar(text, i + 1, keyIndent, ruleId, ref sink);
        }
        else
        {
            ListOrScalar(text, i + 1, keyIndent, ruleId, ref sink);
        }

        return true;
    }

    /// <summary>Widens a value the tail expression cut short: ODBC braces and connection-string values with blanks.</summary>
    public static (int Start, int Length) Widen(string text, int start, int length, ReadOnlySpan<char> op)
    {
        if (op is not "=" || start == 0 || text[start - 1] != '=')
        {
            return (start, length);
        }

        var lineEnd = Math.Min(LineEnd(text, start), start + 512);
        if (text[start] == '{')
        {
            var close = text.AsSpan(start, lineEnd - start).IndexOf('}');
            return close > 1 ? (start + 1, close - 1) : (start, length);
        }

        // A value with blanks before the ';' of a connection string - the value runs to the ';' when nothing else is assigned before it.
        // SECURITY: a value longer than the 512-character reach (a 5 MB line of "password=") has no rest, never a negative span
        var rest = start + length < lineEnd ? text.AsSpan(start + length, lineEnd - start - length) : default;
        var semicolon = rest.IndexOf(';');
        if (semicolon > 0 && rest[0] is ' ' && !rest[..semicolon].ContainsAny("=\"'`"))
        {
            return (start, length + rest[..semicolon].TrimEnd(' ').Length);
        }

        return (start, length);
    }

    /// <summary>Redacts the lines a trailing backslash carries the value onto; returns where scanning goes on.</summary>
    public static int AddContinuations(string text, int end, string ruleId, ref SecretSink sink)
    {
        for (var lines = 0; lines < MaxLines; lines++)
        {
            var i = end;
            while (i < text.Length && text[i] is '"' or '\'' or '`' or ' ' or '\t')
            {
                i++;
            }

            var continued = (i < text.Length && text[i] == '\\') || (end > 0 && text[end - 1] == '\\' && i == end);
            if (!continued)
            {
                return end;
            }

            i = text[i] == '\\' ? i + 1 : i;
            i = SkipBlanks(text, i);
            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '\n')
            {
                return end;
            }

            var start = SkipBlanks(text, i + 1);
            if (start < text.Length && text[start] is '"' or '\'' or '`')
            {
                start++;
            }

            var stop = start;
            while (stop < text.Length && !char.IsWhiteSpace(text[stop]) && text[stop] is not '"' and not '\'' and not '`' and not ';' and not ',')
            {
                stop++;
            }

            if (stop == start)
            {
                return end;
            }

            sink.Add(ruleId, text, start, stop - start, start, stop - start);
            end = stop;
        }

        return end;
    }

    private static void BlockScalar(string text, int position, int keyIndent, string ruleId, ref SecretSink sink)
    {
        int first = -1, last = -1;
        var line = position;
        for (var n = 0; n < MaxLines && line < text.Length; n++)
        {
            var lineEnd = LineEnd(text, line);
            var content = text.AsSpan(line, lineEnd - line).Trim();
            if (!content.IsEmpty)
            {
                if (Indent(text, line) <= keyIndent)
                {
                    break;
                }

                first = first < 0 ? SkipBlanks(text, line) : first;
                last = line + text.AsSpan(line, lineEnd - line).TrimEnd().Length;
            }

            line = lineEnd + 1;
        }

        if (first >= 0 && !AssignmentValueFilter.IsPlaceholder(text.AsSpan(first, last - first)))
        {
            AddPerLine(text, first, last - first, ruleId, first, last - first, ref sink); // SECURITY: every line of the block scalar
        }
    }

    // passwords:\n  - a\n  - b   or   password:\n    value   (a plain scalar on the next, deeper line)
    private static void ListOrScalar(string text, int position, int keyIndent, string ruleId, ref SecretSink sink)
    {
        var line = position;
        var sawItem = false;
        for (var n = 0; n < MaxLines && line < text.Length; n++)
        {
            var lineEnd = LineEnd(text, line);
            var start = SkipBlanks(text, line);
            var content = text.AsSpan(start, lineEnd - start).TrimEnd();
            if (content.IsEmpty)
            {
                line = lineEnd + 1;
                continue;
            }

            var indent = start - line;
            if (IsMapEntry(content.StartsWith("- ", StringComparison.Ordinal) ? content[2..].TrimStart() : content))
            {
                break; // credentials:⏎  password: x - a nested map; its keys are assignments of their own, never skipped
            }

            if (content.StartsWith("- ", StringComparison.Ordinal) && indent >= keyIndent)
            {
                sawItem = true;
                var valueStart = SkipBlanks(text, start + 2);
                AddScalar(text, valueStart, text.AsSpan(valueStart, start + content.Length - valueStart), ruleId, ref sink);
                line = lineEnd + 1;
                continue;
            }

            if (!sawItem && indent > keyIndent)
            {
                AddScalar(text, start, content, ruleId, ref sink);
            }

            break;
        }
    }

    // key: value or key: at the start of a line (not a quoted string that holds ": ").
    private static bool IsMapEntry(ReadOnlySpan<char> content) =>
        content.Length > 1 && content[0] is not ('"' or '\'') && (content.IndexOf(": ", StringComparison.Ordinal) > 0 || content[^1] == ':');

    // One list item or plain scalar: a quoted string or a single bare word; maps ("- name: x") and prose are not values.
    private static void AddScalar(string text, int start, ReadOnlySpan<char> value, string ruleId, ref SecretSink sink)
    {
        value = value.TrimEnd(',');
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            var inner = value[1..^1];
            if (AssignmentValueFilter.IsListValueSecret(inner, quoted: true))
            {
                sink.Add(ruleId, text, start + 1, inner.Length, start, value.Length);
            }

            return;
        }

        if (!value.IsEmpty && !value.ContainsAny(" \t\"'") && !value.EndsWith(':') && AssignmentValueFilter.IsListValueSecret(value, quoted: false))
        {
            sink.Add(ruleId, text, start, value.Length, start, value.Length);
        }
    }

    /// <summary>
    /// Adds a secret that spans lines as one range per line (its line breaks and indentation kept), so the served
    /// text keeps its line count and line windows stay aligned.
    /// </summary>
    public static void AddPerLine(string text, int start, int length, string ruleId, int matchStart, int matchLength, ref SecretSink sink)
    {
        var end = start + length;
        while (start < end)
        {
            var newline = text.AsSpan(start, end - start).IndexOf('\n');
            var lineEnd = newline < 0 ? end : start + newline;
            var content = text.AsSpan(start, lineEnd - start).TrimEnd('\r');
            var lead = content.Length - content.TrimStart(" \t").Length;
            if (content.Length > lead)
            {
                sink.Add(ruleId, text, start + lead, content.Length - lead, matchStart, matchLength);
            }

            start = lineEnd + 1;
        }
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static int LineStart(string text, int index) => text.AsSpan(0, index).LastIndexOf('\n') + 1;

    private static int LineEnd(string text, int index) => LineBounds.End(text, index);

    private static int Indent(string text, int lineStart) => SkipBlanks(text, lineStart) - lineStart;
}
