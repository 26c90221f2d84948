using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.History;

/// <summary>
/// The one way history text leaves the service: every subject, author name, file body and blame line served by
/// /git/log, /git/show and /git/blame goes through <see cref="Serve"/>: redaction, hidden characters shown as
/// <c>&lt;U+XXXX&gt;</c> (Security/HiddenText, as for /file), then the byte cap.
/// </summary>
public sealed class HistoryText(ITextRedactor redactor, ReadPipeline pipeline)
{
    /// <summary>
    /// Lines <paramref name="firstLine"/>..<paramref name="lastLine"/> of <paramref name="whole"/>, redacted with the whole
    /// text in context (key blocks, next-line values), then capped at ORCH_MAX_BYTES (marker when cut).
    /// </summary>
    public (string Text, bool Truncated, int Hidden) Serve(string whole, int firstLine, int lastLine, bool alreadyTruncated)
    {
        var (text, truncated, hidden, _) = ServeWindow(whole, firstLine, lastLine, alreadyTruncated);
        return (text, truncated, hidden);
    }

    /// <summary>As <see cref="Serve"/>, with the last line the capped text holds whole (<see cref="ReadWindow.ServedEnd"/>).</summary>
    public (string Text, bool Truncated, int Hidden, int ServedEnd) ServeWindow(string whole, int firstLine, int lastLine, bool alreadyTruncated)
    {
        // SECURITY: secrets deleted from HEAD live on in history; then hidden characters are shown (Trojan Source, tag characters).
        var (text, hidden) = RevealingRedaction.RedactLines(redactor, whole, firstLine, lastLine);
        var (capped, truncated) = pipeline.Cap(text, alreadyTruncated);
        return (capped, truncated, hidden, ReadWindow.ServedEnd(firstLine, lastLine, text, capped));
    }

    /// <summary>A one-line field (an author name), redacted; the page it belongs to is capped by its commit count.</summary>
    public string ServeField(string field) => Serve(field, 1, 1, false).Text;

    /// <summary>
    /// A commit message (git's raw `%B`), redacted whole, then cut as git cuts it: the subject is the first paragraph
    /// (after leading blank lines) with its lines joined by one space, the body what follows the blank lines after it.
    /// </summary>
    /// <remarks>
    /// SECURITY: never git's own `%s`/`%b`: `%s` joins lines into a text the commit does not hold (`password: |` and the
    /// value below it became one line no rule reads as a value), and the two redacted apart lose each other's context.
    /// </remarks>
    public (string Subject, string Body, int Hidden) ServeMessage(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var (text, _, hidden) = Serve(raw, 1, int.MaxValue, false);
        var lines = text.Split('\n');
        var at = SkipBlank(lines, 0);
        var subject = new List<string>();
        for (; at < lines.Length && !IsBlank(lines[at]); at++)
        {
            subject.Add(lines[at].TrimEnd());
        }

        at = SkipBlank(lines, at);
        return (string.Join(' ', subject), string.Join('\n', lines[at..]).TrimEnd('\n'), hidden);
    }

    private static int SkipBlank(string[] lines, int at)
    {
        while (at < lines.Length && IsBlank(lines[at]))
        {
            at++;
        }

        return at;
    }

    private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);
}
