using System.Text;
using RepoOrchestrator.Files;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Finds the literal in one file: one read into a pooled buffer, a vectorised IndexOf over the UTF-8 bytes,
/// line numbers counted with a vectorised count of '\n' between hits; each candidate line is redacted in the
/// context of the whole file, kept only when the query still matches the redacted line, and cut to
/// <see cref="MaxContentChars"/>.
/// </summary>
internal sealed class FileMatcher(byte[] needle, int maxHits, long maxFileBytes, ITextRedactor redactor, ServedFileRule servedFiles)
{
    public const int MaxContentChars = 1000;

    /// <summary>The hits of one file (at most maxHits), or null when it has none or is skipped.</summary>
    public List<SearchHit>? Scan(WalkedFile file, FolderHandle? folder)
    {
        PooledBytes? content;
        try
        {
            // SECURITY: never opens a FIFO, socket, device or link; a file the serving rule refuses (hard link, the
            // service's own file) is skipped like one; files over ORCH_MAX_FILE_BYTES are skipped.
            using var handle = SafeFileAccess.OpenRegular(folder, file.Folder, file.Name, servedFiles, out var length);
            content = length > maxFileBytes ? null : PooledBytes.Read(handle, maxFileBytes, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }

        using (content)
        {
            if (content is null)
            {
                return null;
            }

            var span = content.Span;
            var first = span.IndexOf(needle);
            if (first < 0 || TextLines.LooksBinary(span))
            {
                return null;
            }

            return CollectHits(file.RelativePath, span, first);
        }
    }

    // SECURITY: a hit counts only where the query matches the line AS SERVED (after redaction). A raw match that
    // overlaps a redacted span is no hit, so whether a search hits reveals nothing about a redacted value (the
    // prefix-probing oracle). The raw scan only proposes candidate lines; the served line decides.
    private List<SearchHit>? CollectHits(string relativePath, ReadOnlySpan<byte> span, int first)
    {
        var raw = Encoding.UTF8.GetString(span);
        var text = new RedactableText(raw); // the redactor gets the whole file: key blocks, next-line values
        var literal = Encoding.UTF8.GetString(needle);
        var hits = new List<SearchHit>();
        var line = 1;
        var counted = 0;
        var at = first;
        while (at >= 0)
        {
            line += span[counted..at].Count((byte)'\n');
            counted = at;
            var newline = span[at..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? span.Length : at + newline;
            // SECURITY: redacted, then hidden characters shown as <U+XXXX> (Security/HiddenText/RevealingRedaction).
            var (revealed, hidden) = RevealingRedaction.RedactLines(redactor, text, raw, line, line);
            var served = revealed.TrimEnd('\n').TrimEnd('\r');
            if (served.Contains(literal, StringComparison.Ordinal)) // SECURITY: matched against the served text only
            {
                hits.Add(new SearchHit(relativePath, line, Cut(served)) { HiddenCharacters = hidden });
            }

            if (hits.Count >= maxHits || newline < 0)
            {
                break;
            }

            var next = span[(lineEnd + 1)..].IndexOf(needle);
            at = next < 0 ? -1 : lineEnd + 1 + next;
        }

        return hits.Count == 0 ? null : hits;
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxContentChars)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxContentChars - 1]) ? MaxContentChars - 1 : MaxContentChars;
        return string.Concat(text.AsSpan(0, cut), " ... [TRUNCATED]");
    }
}
