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
}
