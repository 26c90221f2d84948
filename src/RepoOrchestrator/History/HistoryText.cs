using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.History;

/// <summary>
/// The one way history text leaves the service: every subject, author name and file body served by /git/log and
/// /git/show goes through <see cref="Serve"/> (redaction, then the byte cap), so a later step on served text (hidden
/// characters) is added here once for every history tool.
/// </summary>
public sealed class HistoryText(ITextRedactor redactor, ReadPipeline pipeline)
{
    /// <summary>
    /// Lines <paramref name="firstLine"/>..<paramref name="lastLine"/> of <paramref name="whole"/>, redacted with the whole
    /// text in context (key blocks, next-line values), then capped at ORCH_MAX_BYTES (marker when cut).
    /// </summary>
    public (string Text, bool Truncated) Serve(string whole, int firstLine, int lastLine, bool alreadyTruncated)
    {
        var text = redactor.RedactLines(whole, firstLine, lastLine); // SECURITY: secrets deleted from HEAD live on in history
        return pipeline.Cap(text, alreadyTruncated);
    }

    /// <summary>A one-line field (subject, author name), redacted; the page it belongs to is capped by its commit count.</summary>
    public string ServeField(string field) => Serve(field, 1, 1, false).Text;
}
