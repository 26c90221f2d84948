using System.Text;
using RepoOrchestrator.Files;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Finds the literal in one file: one read into a pooled buffer, a vectorised IndexOf over the UTF-8 bytes,
/// line numbers counted with a vectorised count of '\n' between hits; only a hit's line is decoded, then it is
/// redacted (whole, if it lies in a private-key block) and cut to <see cref="MaxContentChars"/>.
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

    private List<SearchHit> CollectHits(string relativePath, ReadOnlySpan<byte> span, int first)
    {
        var keyBlocks = PrivateKeyBlocks.Find(span);
        var hits = new List<SearchHit>();
        var line = 1;
        var counted = 0;
        var at = first;
        while (at >= 0)
        {
            line += span[counted..at].Count((byte)'\n');
            counted = at;
            var lineStart = span[..at].LastIndexOf((byte)'\n') + 1;
            var newline = span[at..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? span.Length : at + newline;
            hits.Add(new SearchHit(relativePath, line, Content(span[lineStart..lineEnd], PrivateKeyBlocks.Contains(keyBlocks, line))));
            if (hits.Count >= maxHits || newline < 0)
            {
                break;
            }

            var next = span[(lineEnd + 1)..].IndexOf(needle);
            at = next < 0 ? -1 : lineEnd + 1 + next;
        }

        return hits;
    }

    private string Content(ReadOnlySpan<byte> lineBytes, bool insideKey)
    {
        if (insideKey)
        {
            return ITextRedactor.Marker; // SECURITY: a line of a private key is never shown, whatever it matched
        }

        var text = redactor.Redact(Encoding.UTF8.GetString(lineBytes).TrimEnd('\r')); // SECURITY: redact before leaving
        if (text.Length <= MaxContentChars)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxContentChars - 1]) ? MaxContentChars - 1 : MaxContentChars;
        return string.Concat(text.AsSpan(0, cut), " ... [TRUNCATED]");
    }
}
