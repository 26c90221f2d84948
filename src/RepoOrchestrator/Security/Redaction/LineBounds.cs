namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Line arithmetic for rules that look at the lines around a finding, bounded so a text of one 5 MB line costs no
/// more per finding than a text of short lines (an unbounded search for the line start would make a rule quadratic).
/// </summary>
internal static class LineBounds
{
    /// <summary>How far back a line start is looked for; a longer line is treated as starting there.</summary>
    public const int LookBehind = 2048;

    /// <summary>How far ahead a line end is looked for.</summary>
    public const int LookAhead = 4096;

    /// <summary>The start of the line holding <paramref name="index"/> and the start of the line before it.</summary>
    public static (int Line, int Previous) StartsBefore(string text, int index)
    {
        var floor = Math.Max(0, index - LookBehind);
        var newline = text.AsSpan(floor, index - floor).LastIndexOf('\n');
        var line = newline < 0 ? floor : floor + newline + 1;
        if (line == 0 || newline < 0)
        {
            return (line, line);
        }

        var previousFloor = Math.Max(floor, line - 1 - LookBehind);
        var before = text.AsSpan(previousFloor, line - 1 - previousFloor).LastIndexOf('\n');
        return (line, before < 0 ? previousFloor : previousFloor + before + 1);
    }

    /// <summary>The end (index of the newline, or the text's end) of the line holding <paramref name="index"/>.</summary>
    public static int End(string text, int index)
    {
        if (index >= text.Length)
        {
            return text.Length;
        }

        var length = Math.Min(LookAhead, text.Length - index);
        var newline = text.AsSpan(index, length).IndexOf('\n');
        return newline >= 0 ? index + newline : index + length;
    }
}
