namespace RepoOrchestrator.Reading;

/// <summary>
/// The line window of every line-based read (/file, /files, /git/show, /git/blame): the two checks of the requested
/// range, and which lines a read serves: a range longer than ORCH_MAX_LINES is cut, a default end is a full page, and
/// the body ends with the truncation marker when it stops early at an end that was not asked for explicitly.
/// </summary>
public static class ReadWindow
{
    /// <summary>400 when <paramref name="start"/> is below 1 or <paramref name="end"/> before it; null when the range is acceptable.</summary>
    public static Errors.Problem? Refusal(int start, int? end) =>
        start < 1 ? Errors.Problem.BadRequest("Query parameter 'start_line' must be 1 or greater.")
        : end is { } requested && requested < start ? Errors.Problem.BadRequest("Query parameter 'end_line' must be greater than or equal to start_line.")
        : null;

    /// <summary>The last line served of a text of <paramref name="total"/> lines, and whether the read stopped early (needs the marker).</summary>
    public static (int LastLine, bool StoppedEarly) Slice(int start, int? requestedEnd, int total, int maxLines)
    {
        var wantedEnd = requestedEnd ?? (long)start + maxLines - 1;
        var cut = wantedEnd - start + 1 > maxLines;
        var lastLine = (int)Math.Min(cut ? (long)start + maxLines - 1 : wantedEnd, total);
        return (lastLine, lastLine < total && (cut || requestedEnd is null));
    }

    /// <summary>
    /// The last line of the window <paramref name="startLine"/>..<paramref name="lastLine"/> that <paramref name="capped"/>
    /// (the window's <paramref name="served"/> text after the byte cap) holds whole, so "continue with start_line = this + 1"
    /// loses nothing. A first line longer than the cap is shown cut and counted as served, so continuing moves on.
    /// </summary>
    public static int ServedEnd(int startLine, int lastLine, string served, string capped)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(capped);
        var kept = capped.EndsWith(OutputLimits.TruncationMarker, StringComparison.Ordinal) ? capped[..^OutputLimits.TruncationMarker.Length] : capped;
        if (kept.Length >= served.TrimEnd('\n').Length)
        {
            return lastLine; // nothing was cut by bytes (at most the window's own end)
        }

        var whole = kept.AsSpan().Count('\n');
        return Math.Max(startLine, startLine + whole - 1);
    }
}
