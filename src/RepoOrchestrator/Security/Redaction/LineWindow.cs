namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A served line window of a whole text, cut out of the redaction of the WHOLE text: the rules always see every line
/// (a multi-line value, a quoted value continued over many lines, a name and its value far apart), so a window serves
/// exactly the lines the whole text's redaction serves, and no rule's reach has to be bounded for a window to be safe.
/// Offsets are char indexes into the whole text; redaction with <c>keepLines</c> keeps every line break, so the window
/// is found again in the redacted text by counting them.
/// </summary>
internal readonly record struct LineWindow(int WindowStart, int WindowEnd, int LinesBefore, int WindowBreaks, bool ReachesEnd)
{
    public bool IsEmpty => WindowStart >= WindowEnd;

    public static LineWindow Cut(RedactableText text, int firstLine, int lastLine)
    {
        firstLine = Math.Max(1, firstLine);
        if (lastLine < firstLine)
        {
            return default;
        }

        var windowStart = text.LineStart(firstLine);
        var windowEnd = text.LineStart((long)lastLine + 1);
        var before = text.Text.AsSpan(0, windowStart).Count('\n');
        var breaks = text.Text.AsSpan(windowStart, windowEnd - windowStart).Count('\n');
        return new LineWindow(windowStart, windowEnd, before, breaks, windowEnd == text.Text.Length);
    }

    /// <summary>
    /// The window's part of the redacted whole text (which has the whole text's line breaks). A window that reaches the
    /// end of the text takes the rest of the redacted text, a last line without a line break included.
    /// </summary>
    public string Served(string redacted)
    {
        var start = Advance(redacted, 0, LinesBefore);
        var end = ReachesEnd ? redacted.Length : Advance(redacted, start, WindowBreaks);
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
