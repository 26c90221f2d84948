namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Secret values that do not end where their first line ends (issue 14, break 4): YAML block scalars
/// (<c>password: &gt;-</c> then indented lines), YAML lists and plain scalars under a secret key (<c>passwords:</c>
/// then <c>- value</c>), backslash line continuations (<c>token = "…" \</c> then more), and connection-string values
/// with blanks or braces (<c>Password=…;</c> where the value has blanks, <c>PWD={…}</c>), quoted values whose closing
/// quote is on a later line (a YAML double-quoted value folded over lines, TOML's triple quotes) and values that start on the next line
/// (<c>db.password=\</c>). Every line a scan reads is charged to the redaction budget (one unit, and one more per KiB),
/// so the cost stays bounded by the budget however the shapes nest; lists and continuations stop after
/// <see cref="MaxLines"/> lines.
/// </summary>
internal static class MultiLineValue
{
    public const int MaxLines = 64;

    private const int CharsPerCharge = 1024;

    // Fallback expressions read in one value before the whole value is redacted instead (AddFallbacks).
    private const int MaxFallbacks = 16;

    /// <summary>
    /// When the name ending at <paramref name="nameEnd"/> is a YAML/JSON key with nothing after its colon (or a block
    /// indicator, after any tag or anchor), redacts the value lines below it and returns true; <paramref name="end"/>
    /// is where the scan may go on: past a block scalar taken whole (nothing in it is served), else right after the
    /// key, so what a block not taken holds (a JSON object, a nested key) is judged on its own.
    /// </summary>
    public static bool TryYamlBlock(string text, int nameStart, int nameEnd, string ruleId, ref SecretSink sink, out int end)
    {
        end = nameEnd;
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
        while (i < text.Length && text[i] is '!' or '&')
        {
            // password: !!binary |, password: &pw |: a tag or an anchor before the value
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            i = SkipBlanks(text, i);
        }

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
            end = Math.Max(end, BlockScalar(text, i + 1, keyIndent, ruleId, ref sink));
        }
        else
        {
            ListOrScalar(text, i + 1, keyIndent, ruleId, ref sink);
        }

        return true;
    }

    /// <summary>
    /// A value the tail expression could not take because it does not end on its line: a quoted string whose closing
    /// quote is on a later line (a YAML double-quoted value folded over two lines), a triple-quoted TOML or Python string
    /// (<c>password = """…"""</c>, on one line or several), or a value on the line after an operator that ends its line with a
    /// backslash (<c>db.password=\⏎    value</c>). Redacts it line by line and returns true when it found one.
    /// </summary>
    public static bool TryValueAcrossLines(string text, int nameEnd, string ruleId, int nameStart, ref SecretSink sink)
    {
        var i = nameEnd;
        while (i < text.Length && text[i] is '"' or '\'' or ']')
        {
            i++;
        }

        i = SkipBlanks(text, i);
        if (i >= text.Length || text[i] is not (':' or '='))
        {
            return false;
        }

        i = SkipBlanks(text, i + 1);
        if (i >= text.Length)
        {
            return false;
        }

        var lineEnd = LineEnd(text, i);
        if (text.AsSpan(i, lineEnd - i).TrimEnd() is "\\")
        {
            return AddContinuedLines(text, lineEnd, ruleId, nameStart, ref sink);
        }

        var quote = text[i];
        if (quote is not ('"' or '\''))
        {
            return false;
        }

        var triple = text.AsSpan(i).StartsWith(TripleQuote(quote), StringComparison.Ordinal);
        var open = i + (triple ? 3 : 1);
        if (!triple && text.AsSpan(open, lineEnd - open).Contains(quote))
        {
            return false; // closes on its own line: the tail expression's case
        }

        var close = FindClosingQuote(text, open, quote, triple, ref sink);
        if (close <= open || !IsWordPerLine(text.AsSpan(open, close - open)) || IsPlaceholderPerLine(text.AsSpan(open, close - open)))
        {
            return false; // a secret string is one word on each line it spans; a sentence or code in quotes is not one
        }

        AddPerLine(text, open, close - open, ruleId, nameStart, close - nameStart, ref sink); // SECURITY: every line of the string
        return true;
    }

    /// <summary>
    /// An INI value continued on the lines below its name (Python's configparser): <c>password =</c> ending its line, then
    /// lines indented deeper than the name, each one word, to the first line that is not (a blank line, a new key, a
    /// section). Every such line is a part of the value and judged as a list item is; comment lines among them are
    /// skipped. Returns true when the value was read that way (whatever was redacted).
    /// </summary>
    public static bool TryIniContinuation(string text, int nameStart, int nameEnd, string ruleId, ref SecretSink sink)
    {
        var i = SkipBlanks(text, nameEnd);
        if (i >= text.Length || text[i] != '=')
        {
            return false;
        }

        i = SkipBlanks(text, i + 1);
        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '\n')
        {
            return false;
        }

        var keyIndent = Indent(text, LineStart(text, nameStart));
        var parts = 0;
        var line = i + 1;
        for (var n = 0; n < MaxLines && line < text.Length; n++)
        {
            var lineEnd = LineEnd(text, line);
            ChargeLine(lineEnd - line, ref sink);
            var start = SkipBlanks(text, line);
            var content = text.AsSpan(start, lineEnd - start).TrimEnd();
            if (content.IsEmpty || start - line <= keyIndent)
            {
                break; // the value ends at a blank line or at a line no deeper than its name
            }

            if (content[0] is not ('#' or ';'))
            {
                if (content.ContainsAny(" \t=:"))
                {
                    break; // words or an assignment: not one part of a value
                }

                AddScalar(text, start, content, ruleId, ref sink);
                parts++;
            }

            line = lineEnd + 1;
        }

        return parts > 0;
    }

    /// <summary>
    /// Redacts the literal fallbacks written in the value after a secret name: Jinja's <c>default('…')</c> and
    /// <c>d('…')</c>, Sprig's <c>default "…"</c> (also around <c>printf</c>/<c>print</c>), Go raw strings, the shell's
    /// <c>${X:-…}</c>, <c>${X:=…}</c>, <c>${X-…}</c> and <c>${X=…}</c>. The expression around them is a placeholder;
    /// a fallback is a value unless it is a placeholder word. Only the name's own value is read: from the operator to the
    /// first blank, ';' or ',' outside quotes and brackets (which may span lines inside brackets), at most 1,100
    /// characters, so <c>HOST=${HOST:-localhost}</c> further along the line is left alone.
    /// </summary>
    public static void AddFallbacks(string text, int from, string ruleId, ref SecretSink sink, bool afterName = true)
    {
        var start = afterName ? ValueStart(text, from) : from;
        if (start < 0)
        {
            return;
        }

        var end = ExpressionEnd(text, start, Math.Min(text.Length, start + 1100));
        ChargeLine(end - start, ref sink); // SECURITY: the value is read once more
        var value = text.AsSpan(start, end - start);
        var candidates = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var shell = value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{';
            var call = value[i] == 'd' && (value[i..].StartsWith("default", StringComparison.Ordinal) || value[i..].StartsWith("d(", StringComparison.Ordinal));
            if (!shell && !call)
            {
                continue;
            }

            if (++candidates > MaxFallbacks)
            {
                // SECURITY: each candidate reads to its closing quote or brace; a value made of nothing but
                // unclosed ones would cost its length squared. Past a handful, the whole value is redacted.
                AddPerLine(text, start, end - start, ruleId, start, end - start, ref sink);
                return;
            }

            var literal = shell ? ShellFallback(value, i)
                : i == 0 || !char.IsAsciiLetterOrDigit(value[i - 1]) ? CalledFallback(value, i)
                : default;
            if (literal.Length > 0 && !AssignmentValueFilter.IsPlaceholderWord(value.Slice(literal.Start, literal.Length)))
            {
                AddPerLine(text, start + literal.Start, literal.Length, ruleId, start + i, literal.Start + literal.Length - i, ref sink); // SECURITY: a written fallback
            }
        }
    }

    // After the name: an optional closing quote or bracket, blanks, one operator (: = := => …), blanks. -1 without one.
    private static int ValueStart(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is '"' or '\'' or ']')
        {
            i++;
        }

        i = SkipBlanks(text, i);
        var op = i;
        while (i < text.Length && text[i] is ':' or '=' or '>' or '?')
        {
            i++;
        }

        return i == op ? -1 : SkipBlanks(text, i);
    }

    // The end of the value starting at start: the first blank, ';' or ',' outside quotes and brackets, or a line break
    // outside brackets.
    private static int ExpressionEnd(string text, int start, int limit)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = start; i < limit; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                // a template inside the quotes ("{{ x | default(⏎ '…') }}") may break its line inside its brackets
                depth += c is '{' or '(' ? 1 : c is '}' or ')' && depth > 0 ? -1 : 0;
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\n' && depth == 0)
                {
                    return i;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '{' or '(' or '[':
                    depth++;
                    break;
                case '}' or ')' or ']':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '\n' or '\r' when depth == 0:
                case ' ' or '\t' or ';' or ',' when depth == 0:
                    return i;
            }
        }

        return limit;
    }

    // default('…'), default("…"), default(`…`), d('…'), default "…", default (printf "…" …): the quoted literal after
    // the call or the word; backslash escapes and doubled quotes ('' in a single-quoted YAML scalar) stay inside it.
    private static (int Start, int Length) CalledFallback(ReadOnlySpan<char> value, int at)
    {
        var rest = value[at..];
        var skip = rest.StartsWith("default", StringComparison.Ordinal) ? "default".Length : rest.StartsWith("d(", StringComparison.Ordinal) ? 1 : 0;
        if (skip == 0 || (skip < rest.Length && char.IsAsciiLetterOrDigit(rest[skip])))
        {
            return default;
        }

        var i = skip + (rest[skip..].Length - rest[skip..].TrimStart(" \t\r\n(").Length);
        foreach (var wrapper in (string[])["printf", "print"])
        {
            if (rest[i..].StartsWith(wrapper, StringComparison.Ordinal) && i + wrapper.Length < rest.Length && rest[i + wrapper.Length] is ' ' or '\t')
            {
                i += wrapper.Length;
                i += rest[i..].Length - rest[i..].TrimStart(" \t").Length;
                break;
            }
        }

        var escaped = i + 1 < rest.Length && rest[i] == '\\' && rest[i + 1] is '\'' or '"'; // default(\"…\") inside a "…" string
        i += escaped ? 1 : 0;
        if (i >= rest.Length || rest[i] is not ('\'' or '"' or '`'))
        {
            return default;
        }

        var quote = rest[i];
        if (escaped)
        {
            var end = rest[(i + 1)..].IndexOf(['\\', quote]);
            return end > 0 ? (at + i + 1, end) : default;
        }

        var doubled = i + 2 < rest.Length && rest[i + 1] == quote && rest[i + 2] != ')'; // ''value'' inside a '…' scalar
        var open = i + (doubled ? 2 : 1);
        for (var j = open; j < rest.Length; j++)
        {
            if (rest[j] == '\\' && quote != '`')
            {
                j++;
            }
            else if (rest[j] == quote && !doubled && j + 1 < rest.Length && rest[j + 1] == quote && quote == '\'')
            {
                j++; // '' inside a single-quoted literal
            }
            else if (rest[j] == quote)
            {
                return j > open ? (at + open, j - open) : default;
            }
        }

        return default;
    }

    // ${NAME:-…}, ${NAME:=…}, ${NAME-…}, ${NAME=…}: the literal up to the matching closing brace.
    private static (int Start, int Length) ShellFallback(ReadOnlySpan<char> value, int at)
    {
        var i = at + 2;
        while (i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] == '_'))
        {
            i++;
        }

        if (i == at + 2 || i >= value.Length)
        {
            return default;
        }

        i += value[i] == ':' ? 1 : 0;
        if (i >= value.Length || value[i] is not ('-' or '='))
        {
            return default;
        }

        var depth = 0;
        for (var j = i + 1; j < value.Length; j++)
        {
            if (value[j] == '{')
            {
                depth++;
            }
            else if (value[j] == '}' && depth-- == 0)
            {
                return j > i + 1 ? (i + 1, j - i - 1) : default;
            }
        }

        return default;
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

    /// <summary>
    /// Redacts the lines a trailing backslash carries the value onto, each line read charged. The caller's scan goes
    /// on where it was, so a name on a continued line (<c>api_password:</c>) is still judged on its own.
    /// </summary>
    public static void AddContinuations(string text, int end, string ruleId, ref SecretSink sink)
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
                return;
            }

            i = i < text.Length && text[i] == '\\' ? i + 1 : i; // SECURITY: a backslash that ends the text reads nothing past it
            i = SkipBlanks(text, i);
            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '\n')
            {
                return;
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

            ChargeLine(stop - end, ref sink); // SECURITY: every line read is charged, per KiB of what was read
            if (stop == start)
            {
                return;
            }

            // The word is taken even when it reads like a name (api_password:, X=…): the caller's scan goes on from
            // the name it started at, so a real name here is still judged on its own and its value redacted.
            sink.Add(ruleId, text, start, stop - start, start, stop - start);
            end = stop;
        }
    }

    // The block's lines, every one of them, charged per line; returns where the block ends when it was taken (redacted
    // whole), else the position it started at. A block is a placeholder only when each of its lines is one
    // ({{ vault_password }}); a block that only starts and ends like one ({, a value, }) is a value.
    private static int BlockScalar(string text, int position, int keyIndent, string ruleId, ref SecretSink sink)
    {
        int first = -1, last = -1;
        var placeholder = true;
        var line = position;
        while (line < text.Length)
        {
            var lineEnd = LineEnd(text, line);
            ChargeLine(lineEnd - line, ref sink);
            var content = text.AsSpan(line, lineEnd - line).Trim();
            if (!content.IsEmpty)
            {
                if (Indent(text, line) <= keyIndent)
                {
                    break;
                }

                first = first < 0 ? SkipBlanks(text, line) : first;
                last = line + text.AsSpan(line, lineEnd - line).TrimEnd().Length;
                placeholder &= AssignmentValueFilter.IsPlaceholder(content);
            }

            line = lineEnd + 1;
        }

        if (first < 0 || placeholder)
        {
            return position;
        }

        AddPerLine(text, first, last - first, ruleId, first, last - first, ref sink); // SECURITY: every line of the block scalar
        return last;
    }

    // Each line of the span, indentation and line breaks aside, is one word (no blank or tab inside, no quote): a
    // token or password folded over lines, not prose or code that happens to sit between two quotes.
    private static bool IsWordPerLine(ReadOnlySpan<char> span)
    {
        foreach (var range in span.Split('\n'))
        {
            if (span[range].Trim().ContainsAny(" \t\"'`"))
            {
                return false;
            }
        }

        return !span.Trim().IsEmpty;
    }

    // name=\ then the value on the lines below, each but the last ending in '\' (.properties joins them into one value):
    // every line's word that is not a placeholder is redacted, so a value is not kept because a line above it is
    // empty or a placeholder. Each line read is charged; at most MaxLines lines.
    private static bool AddContinuedLines(string text, int lineEnd, string ruleId, int nameStart, ref SecretSink sink)
    {
        var found = false;
        for (var n = 0; n < MaxLines && lineEnd + 1 < text.Length; n++)
        {
            var start = SkipBlanks(text, lineEnd + 1);
            lineEnd = LineEnd(text, start);
            ChargeLine(lineEnd - start, ref sink);
            var line = text.AsSpan(start, lineEnd - start).TrimEnd();
            var continued = line.EndsWith('\\');
            var word = line.TrimEnd('\\').TrimEnd();
            if (word.ContainsAny(" \t\"'"))
            {
                return found; // a value is one word per line; prose or code on the next line is not one
            }

            if (!word.IsEmpty && !AssignmentValueFilter.IsPlaceholder(word))
            {
                sink.Add(ruleId, text, start, word.Length, nameStart, start + word.Length - nameStart); // SECURITY: the value of a continued line
                found = true;
            }

            if (!continued)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// A heredoc after a secret name's operator (Terraform <c>password = &lt;&lt;EOF</c>, <c>&lt;&lt;-EOT</c>, Ruby
    /// <c>&lt;&lt;~TEXT</c>): every line up to the one that holds only the tag is the value, redacted line by line
    /// (indentation kept), unless each line is a placeholder. Without a closing line it is no heredoc (its lines stay
    /// with the other rules), and <paramref name="unclosedFrom"/> remembers where none follows, so a text of many
    /// unclosed ones reads to its end once, not once each. Every line read is charged. True when a heredoc was read.
    /// </summary>
    public static bool TryHeredoc(string text, int nameEnd, string ruleId, int nameStart, ref SecretSink sink, ref int unclosedFrom, out int heredocEnd)
    {
        heredocEnd = nameEnd;
        var i = nameEnd;
        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        i = SkipBlanks(text, i);
        if (i >= text.Length || text[i] is not ('=' or ':'))
        {
            return false;
        }

        i = SkipBlanks(text, i + 1);
        if (i + 2 >= text.Length || text[i] != '<' || text[i + 1] != '<')
        {
            return false;
        }

        i += 2;
        if (text[i] is '-' or '~')
        {
            i++;
        }

        var quote = i < text.Length && text[i] is '"' or '\'' ? text[i] : '\0';
        i += quote == '\0' ? 0 : 1;
        var tagStart = i;
        while (i < text.Length && i - tagStart < 64 && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        var tag = text.AsSpan(tagStart, i - tagStart);
        if (tag.IsEmpty || !char.IsAsciiLetter(tag[0]) || (quote != '\0' && (i >= text.Length || text[i++] != quote)))
        {
            return false;
        }

        var lineEnd = LineEnd(text, i);
        if (!text.AsSpan(i, lineEnd - i).IsWhiteSpace())
        {
            return false; // <<EOF followed by more code: a shift or something else
        }

        var bodyStart = Math.Min(text.Length, lineEnd + 1);
        if (bodyStart >= unclosedFrom)
        {
            return false; // an earlier heredoc found no closing line from before here to the end: neither will this one
        }

        var end = bodyStart;
        while (end < text.Length)
        {
            var next = LineEnd(text, end);
            ChargeLine(next - end, ref sink);
            if (text.AsSpan(end, next - end).Trim().SequenceEqual(tag))
            {
                break;
            }

            end = Math.Min(text.Length, next + 1);
        }

        if (end >= text.Length)
        {
            unclosedFrom = bodyStart; // SECURITY: cost: no closing line after here, so later <<TAG lines read nothing again
            return false; // no closing line: not a heredoc (a shift, a truncated file); the lines stay with the other rules
        }

        heredocEnd = end; // the scan goes on after it: every line was read once
        var body = text.AsSpan(bodyStart, end - bodyStart);
        if (!IsPlaceholderPerLine(body))
        {
            AddPerLine(text, bodyStart, end - bodyStart, ruleId, nameStart, end - nameStart, ref sink); // SECURITY: the heredoc's lines
        }

        return true;
    }

    // A placeholder only when each of its lines is one: "{⏎value⏎}" only starts and ends like a template.
    private static bool IsPlaceholderPerLine(ReadOnlySpan<char> span)
    {
        foreach (var range in span.Split('\n'))
        {
            var line = span[range].Trim();
            if (!line.IsEmpty && !AssignmentValueFilter.IsPlaceholder(line))
            {
                return false;
            }
        }

        return true;
    }

    // SECURITY: one unit per line a scan reads, and one more per KiB of it, so a text of nested or long blocks costs
    // what it is charged for.
    private static void ChargeLine(int length, ref SecretSink sink)
    {
        sink.Charge();
        for (var kib = length / CharsPerCharge; kib > 0; kib--)
        {
            sink.Charge();
        }
    }

    private static string TripleQuote(char quote) => quote == '"' ? "\"\"\"" : "'''";

    // The closing quote of a string opened at open (three of them for a triple-quoted one), charged per line read;
    // a backslash escapes the next character. -1 when it does not close within MaxLines lines.
    private static int FindClosingQuote(string text, int open, char quote, bool triple, ref SecretSink sink)
    {
        var line = open;
        for (var n = 0; n < MaxLines && line < text.Length; n++)
        {
            var lineEnd = LineEnd(text, line);
            ChargeLine(lineEnd - line, ref sink);
            for (var i = line; i < lineEnd; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == quote && (!triple || text.AsSpan(i).StartsWith(TripleQuote(quote), StringComparison.Ordinal)))
                {
                    return i;
                }
            }

            line = lineEnd + 1;
        }

        return -1;
    }

    // passwords:\n  - a\n  - b   or   password:\n    value   (a plain scalar on the next, deeper line)
    private static void ListOrScalar(string text, int position, int keyIndent, string ruleId, ref SecretSink sink)
    {
        var line = position;
        var sawItem = false;
        for (var n = 0; n < MaxLines && line < text.Length; n++)
        {
            var lineEnd = LineEnd(text, line);
            ChargeLine(lineEnd - line, ref sink);
            var start = SkipBlanks(text, line);
            var content = WithoutComment(text.AsSpan(start, lineEnd - start)).TrimEnd();
            if (content.IsEmpty)
            {
                line = lineEnd + 1;
                continue; // a blank line, or a comment line above the value
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

    // A YAML comment: '#' at the start or after a blank, outside quotes ("a#b" and 'x # y' are values).
    private static ReadOnlySpan<char> WithoutComment(ReadOnlySpan<char> content)
    {
        var item = content.StartsWith("- ", StringComparison.Ordinal) ? content[2..].TrimStart() : content;
        if (item.IsEmpty || item[0] is '"' or '\'')
        {
            return content; // a quoted value or list item: a '#' in it is part of it
        }

        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '#' && (i == 0 || content[i - 1] is ' ' or '\t'))
            {
                return content[..i];
            }
        }

        return content;
    }

    // key: value or key: at the start of a line (not a quoted string that holds ": ").
    private static bool IsMapEntry(ReadOnlySpan<char> content) =>
        content.Length > 1 && content[0] is not ('"' or '\'') && (content.IndexOf(": ", StringComparison.Ordinal) > 0 || content[^1] == ':');

    // One list item or plain scalar: a quoted string or a single bare word; maps ("- name: x") and prose are not values.
    private static void AddScalar(string text, int start, ReadOnlySpan<char> value, string ruleId, ref SecretSink sink)
    {
        AddFallbacks(text, start, ruleId, ref sink, afterName: false); // - ${A:-…}, - "{{ x | default('…') }}"
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

    internal static int SkipBlanks(string text, int i)
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
