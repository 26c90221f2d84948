using System.Text;
using RepoOrchestrator.Files;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Finds the query in one file: one read into a pooled buffer, the whole file served (redacted with the whole file in
/// context, hidden characters shown), and every served line matched. Each hit carries up to
/// <paramref name="contextLines"/> served lines around it; every served line is cut to <see cref="MaxContentChars"/>.
/// SECURITY: the raw text proposes nothing (no raw prefilter, no raw candidate lines), so the work on a file, and
/// whether it is skipped over the redaction budget, does not depend on whether a redacted value holds the query: with
/// a raw prefilter, a file whose secret held the query was redacted (time, work, <c>skipped</c>) and the others not — an
/// oracle rebuilding the secret one character at a time. Which files are read is narrowed only by the index, whose
/// trigrams are of redacted text (Index/RedactedContent).
/// </summary>
internal sealed class FileMatcher(SearchQuery query, int contextLines, int maxHits, long maxFileBytes, ITextRedactor redactor, ServedFileRule servedFiles)
{
    public const int MaxContentChars = 1000;

    /// <summary>The hits of one file after line <paramref name="afterLine"/> (at most maxHits), or null when it has none or is skipped.</summary>
    public List<SearchHit>? Scan(WalkedFile file, FolderHandle? folder, int afterLine)
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
            if (TextLines.LooksBinary(span))
            {
                return null;
            }

            return CollectHits(file.RelativePath, Encoding.UTF8.GetString(span), afterLine);
        }
    }

    // SECURITY: a hit counts only where the query matches the line AS SERVED (after redaction). A raw match that
    // overlaps a redacted span is no hit, so whether a search hits reveals nothing about a redacted value (the
    // prefix-probing oracle).
    private List<SearchHit>? CollectHits(string relativePath, string raw, int afterLine)
    {
        var served = new ServedLines(redactor, raw);
        var hits = new List<SearchHit>();
        for (var line = Math.Min(afterLine, served.Count) + 1; line <= served.Count; line++) // a cursor's line may be any int
        {
            var (text, hidden) = served.Get(line);
            if (query.IsMatch(text)) // SECURITY: matched against the served text only
            {
                hits.Add(Hit(relativePath, line, text, hidden, served));
                if (hits.Count >= maxHits)
                {
                    break;
                }
            }
        }

        return hits.Count == 0 ? null : hits;
    }

    private SearchHit Hit(string relativePath, int line, string text, int hidden, ServedLines served)
    {
        if (contextLines == 0)
        {
            return new SearchHit(relativePath, line, Cut(text)) { HiddenCharacters = hidden };
        }

        var before = Context(served, Math.Max(1, line - contextLines), line - 1, ref hidden);
        var after = Context(served, line + 1, Math.Min(served.Count, line + contextLines), ref hidden);
        return new SearchHit(relativePath, line, Cut(text)) { ContextBefore = before, ContextAfter = after, HiddenCharacters = hidden };
    }

    private static List<string> Context(ServedLines served, int first, int last, ref int hidden)
    {
        var lines = new List<string>(Math.Max(0, last - first + 1));
        for (var line = first; line <= last; line++)
        {
            var (text, count) = served.Get(line);
            hidden += count;
            lines.Add(Cut(text));
        }

        return lines;
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
