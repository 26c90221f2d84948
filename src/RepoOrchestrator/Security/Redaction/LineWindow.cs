namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A served line window of a whole text, cut out of the redaction of the WHOLE text: the rules always see every line
/// (a multi-line value, a quoted value continued over many lines, a name and its value far apart), so a window serves
/// exactly the lines the whole text's redaction serves, and no rule's reach has to be bounded for a window to be safe.
/// Offsets are char indexes into the whole text; redaction with <c>keepLines</c> keeps every line break, so the window
/// is found again in the redacted text by counting them.
/// </summary>
internal readonly record struct LineWindow(int From, int WindowStart, int WindowEnd, int To, int ContextFirstLine, int LinesBefore, int WindowBreaks)
{
    public bool IsEmpty => WindowStart >= WindowEnd;

    public static LineWindow Cut(RedactableText text, int firstLine, int lastLine)
    {
        firstLine = Math.Max(1, firstLine);
        if (lastLine < firstLine)
        {
            return default;
        }

        // SECURITY: the context is the whole text. A window with a few lines of context around it served lines the
        // whole text redacts (a quoted value continued past the context, a YAML block cut so it looked like a placeholder).
        const int contextFirst = 1;
        var from = 0;
        var windowStart = text.LineStart(firstLine);
        var windowEnd = text.LineStart((long)lastLine + 1);
        var to = text.Text.Length;
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
