namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A served line window of a whole text plus the context lines around it that the rules see (a next-line value,
/// an XML element closed on a later line). Offsets are char indexes into the whole text; redaction with
/// <c>keepLines</c> keeps every line break, so the window is found again in the redacted chunk by counting them.
/// </summary>
internal readonly record struct LineWindow(int From, int WindowStart, int WindowEnd, int To, int ContextFirstLine, int LinesBefore, int WindowBreaks)
{
    /// <summary>
    /// Lines before the window the rules see: a line deep in a multi-line value (a YAML block under a secret key, a
    /// continued line) is redacted only when its key is in view, and such a value runs at most
    /// <see cref="MultiLineValue.MaxLines"/> lines below it.
    /// </summary>
    public const int ContextLinesBefore = MultiLineValue.MaxLines;
    public const int ContextLinesAfter = 3;

    public bool IsEmpty => WindowStart >= WindowEnd;

    public static LineWindow Cut(RedactableText text, int firstLine, int lastLine)
    {
        firstLine = Math.Max(1, firstLine);
        if (lastLine < firstLine)
        {
            return default;
        }

        var contextFirst = Math.Max(1, firstLine - ContextLinesBefore);
        var from = text.LineStart(contextFirst);
        var windowStart = text.LineStart(firstLine);
        var windowEnd = text.LineStart((long)lastLine + 1);
        var to = text.LineStart((long)lastLine + 1 + ContextLinesAfter);
        var before = text.Text.AsSpan(from, windowStart - from).Count('\n');
        var breaks = text.Text.AsSpan(windowStart, windowEnd - windowStart).Count('\n');
        return new LineWindow(from, windowStart, windowEnd, to, contextFirst, before, breaks);
    }

    public string Chunk(string text) => text.Substring(From, To - From);

    /// <summary>The window's part of the redacted chunk (which has the chunk's line breaks).</summary>
    public string Served(string redacted)
    {
        var start = Advance(redacted, 0, LinesBefore);
        var end = WindowEnd == To ? redacted.Length : Advance(redacted, start, WindowBreaks);
        return redacted[start..end];
    }

    private static int Advance(string text, int position, int lines)
    {
        for (var i = 0; i < lines && position < text.Length; i++)
        {
            var newline = text.IndexOf('\n', position);
            position = newline < 0 ? text.Length : newline + 1;
        }

        return position;
    }
}
