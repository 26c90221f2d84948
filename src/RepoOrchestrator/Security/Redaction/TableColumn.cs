namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A secret name that is a column of a table's header row (CSV, TSV, semicolon-separated, a Markdown table): the value
/// is the field in that column of each row below, up to the first blank line or a row with another number of fields.
/// A Markdown table's separator row (<c>|---|---|</c>) is skipped. Fields may be quoted (<c>"a,b"</c>, with <c>""</c>
/// inside). The header is short labels only (at most three words each, no indentation but a Markdown table's), the
/// rows below are not indented either, and a value must look generated (a digit or a symbol, not a word, no
/// placeholder: <see cref="AssignmentValueFilter.IsListValueSecret"/>). Every row read is charged.
/// </summary>
internal static class TableColumn
{
    private const int MaxFields = 256;
    private const int MaxHeader = 4096;

    /// <summary>Whether the name at <paramref name="nameStart"/>..<paramref name="nameEnd"/> is a header field; its column's values are added.</summary>
    public static bool TryAdd(string text, int nameStart, int nameEnd, string ruleId, ref SecretSink sink)
    {
        // SECURITY: bounded: a header is a line of at most MaxHeader characters, so a long line costs nothing per name
        var from = Math.Max(0, nameStart - MaxHeader);
        var newline = text.AsSpan(from, nameStart - from).LastIndexOf('\n');
        if (newline < 0 && from > 0)
        {
            return false;
        }

        var lineStart = from + newline + 1;
        var after = text.AsSpan(nameEnd, Math.Min(text.Length - nameEnd, MaxHeader)).IndexOf('\n');
        if (after < 0 && nameEnd + MaxHeader < text.Length)
        {
            return false;
        }

        var lineEnd = after < 0 ? text.Length : nameEnd + after;
        if (lineEnd - lineStart > MaxHeader || IsRowBelowAnother(text, lineStart))
        {
            return false;
        }

        var header = text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
        var delimiter = Delimiter(header);
        if (delimiter == '\0' || (delimiter != '|' && header.Length > 0 && header[0] is ' ' or '\t'))
        {
            return false; // an indented line is code or prose, not a CSV header
        }

        Span<Range> fields = stackalloc Range[MaxFields];
        var count = Split(header, delimiter, fields, out _);
        var column = -1;
        for (var i = 0; i < count; i++)
        {
            var (start, length) = fields[i].GetOffsetAndLength(header.Length);
            var field = Unquote(header.Slice(start, length).Trim(), out _);
            if (!IsLabel(field) || field.Count(' ') > 2)
            {
                return false; // a header is short labels only: code (string name, CancellationToken ct) and prose are not
            }

            if (lineStart + start <= nameStart && nameEnd <= lineStart + start + length && field.Length > 0
                && IsWholeField(text, nameEnd, lineStart + start, length))
            {
                column = i;
                break;
            }
        }

        if (column < 0 || count < 2)
        {
            return false;
        }

        var added = false;
        var row = Math.Min(text.Length, lineEnd + 1);
        while (row < text.Length)
        {
            var next = LineBounds.End(text, row);
            sink.Charge(); // SECURITY: every row read counts against the redaction budget, one more per KiB
            for (var kib = (next - row) / 1024; kib > 0; kib--)
            {
                sink.Charge();
            }

            var line = text.AsSpan(row, next - row).TrimEnd('\r');
            if (line.Trim().IsEmpty)
            {
                break;
            }

            if (delimiter == '|' && !line.ContainsAnyExcept("|-: \t"))
            {
                row = Math.Min(text.Length, next + 1); // |---|---|
                continue;
            }

            if (Split(line, delimiter, fields, out var malformed) != count || malformed || (delimiter != '|' && line[0] is ' ' or '\t'))
            {
                break;
            }

            var (start, length) = fields[column].GetOffsetAndLength(line.Length);
            var raw = line.Slice(start, length);
            var lead = raw.Length - raw.TrimStart().Length; // the same white space Trim() takes off below
            var value = Unquote(raw.Trim(), out var quoted);
            // judged as a bare value that must look generated (a digit or a symbol, not a word): a column of words is data
            if (!value.IsEmpty && value.ContainsAnyExcept(Letters) && !WordLikeness.IsWordLike(value)
                && AssignmentValueFilter.IsListValueSecret(value, quoted: false))
            {
                var valueStart = row + start + lead + (quoted ? 1 : 0);
                sink.Add(ruleId, text, valueStart, value.Length, row, line.Length); // SECURITY: a secret column's value
                added = true;
            }

            row = Math.Min(text.Length, next + 1);
        }

        return added;
    }

    // The field ends with the name (db_password, "API Token"): nothing but blanks and quotes after it inside the field
    // ("password hint" is another column).
    private static bool IsWholeField(string text, int nameEnd, int fieldStart, int fieldLength) =>
        text.AsSpan(nameEnd, fieldStart + fieldLength - nameEnd).Trim(" \t\"'").IsEmpty;

    // A header starts its table: the line above is blank, or holds no delimiter of the header's kind (a row of labels
    // under another row, user7,password,success in a log, is a row; reading every row below each of them was quadratic).
    private static bool IsRowBelowAnother(string text, int lineStart)
    {
        if (lineStart == 0)
        {
            return false;
        }

        var from = Math.Max(0, lineStart - 1 - MaxHeader);
        var above = text.AsSpan(from, lineStart - 1 - from);
        var newline = above.LastIndexOf('\n');
        if (newline < 0 && from > 0)
        {
            return true; // a line too long to be read: fail towards the cheap answer
        }

        above = above[(newline + 1)..].TrimEnd('\r');
        return !above.Trim().IsEmpty && above.ContainsAny(",;\t|");
    }

    // A column label: a letter, then letters, digits, blanks, '_', '.', '-' or '/', at most 64 characters.
    private static bool IsLabel(ReadOnlySpan<char> field) =>
        field.Length is > 0 and <= 64 && char.IsAsciiLetter(field[0]) && !field.ContainsAnyExcept(LabelCharacters);

    private static readonly System.Buffers.SearchValues<char> Letters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly System.Buffers.SearchValues<char> LabelCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _.-/");

    // The header's delimiter: a tab, then '|' for a Markdown row (starts with '|'), then ',' or ';' (the more frequent).
    private static char Delimiter(ReadOnlySpan<char> header)
    {
        if (header.Contains('\t'))
        {
            return '\t';
        }

        if (header.TrimStart().StartsWith('|'))
        {
            return '|';
        }

        var commas = header.Count(',');
        var semicolons = header.Count(';');
        return commas == 0 && semicolons == 0 ? '\0' : commas >= semicolons ? ',' : ';';
    }

    // Fields of a row; for '|' the empty fields before the first and after the last bar are dropped. Quotes (") group a
    // field; malformed when one is not closed.
    private static int Split(ReadOnlySpan<char> line, char delimiter, Span<Range> fields, out bool malformed)
    {
        malformed = false;
        var from = 0;
        var to = line.Length;
        if (delimiter == '|')
        {
            var trimmed = line.TrimStart(" \t");
            from = line.Length - trimmed.Length + (trimmed.StartsWith('|') ? 1 : 0);
            var end = line.TrimEnd(" \t");
            to = end.EndsWith('|') && end.Length - 1 >= from ? end.Length - 1 : end.Length;
        }

        var count = 0;
        var start = from;
        var inQuotes = false;
        for (var i = from; i <= to; i++)
        {
            if (i < to && line[i] == '"' && delimiter != '|')
            {
                inQuotes = !inQuotes;
                continue;
            }

            if (i == to || (!inQuotes && line[i] == delimiter))
            {
                if (count == fields.Length)
                {
                    malformed = true;
                    return count;
                }

                fields[count++] = new Range(start, i);
                start = i + 1;
            }
        }

        malformed = inQuotes;
        return count;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> field, out bool quoted)
    {
        quoted = field.Length >= 2 && field[0] == '"' && field[^1] == '"';
        return quoted ? field[1..^1] : field;
    }
}
