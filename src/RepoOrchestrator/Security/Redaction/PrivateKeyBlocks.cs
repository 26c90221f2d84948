using System.Text;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Finds PEM private-key blocks by line in a whole file (or a whole diff), with the redactor's own marker rule
/// (<see cref="PrivateKeyPem.Classify"/>), so a slice or a search hit that starts inside a key — where the
/// redactor would see only base64 — still has every key line replaced by the marker. A block left open runs to
/// the end of the text (fail closed), as in the redactor. Masked lines keep their count, so the line numbers of
/// the rest of a slice stay right. Only lines holding "PRIVATE KEY" are decoded: clean files cost one IndexOf.
/// </summary>
public static class PrivateKeyBlocks
{
    private static readonly byte[] KeyBytes = "PRIVATE KEY"u8.ToArray();

    /// <summary>1-based inclusive line ranges of the private-key blocks in UTF-8 <paramref name="content"/>.</summary>
    public static IReadOnlyList<(int First, int Last)> Find(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf(KeyBytes) < 0)
        {
            return [];
        }

        var blocks = new Builder();
        var line = 1;
        var counted = 0;
        var searchFrom = 0;
        int hit;
        while ((hit = content[searchFrom..].IndexOf(KeyBytes)) >= 0)
        {
            var at = searchFrom + hit;
            line += content[counted..at].Count((byte)'\n');
            counted = at;
            var start = content[..at].LastIndexOf((byte)'\n') + 1;
            var newline = content[at..].IndexOf((byte)'\n');
            var end = newline < 0 ? content.Length : at + newline;
            blocks.Add(line, PrivateKeyPem.Classify(Encoding.UTF8.GetString(content[start..end])));
            if (newline < 0)
            {
                break;
            }

            searchFrom = end + 1;
        }

        return blocks.Finish(LineCount(content));
    }

    /// <summary>1-based inclusive line ranges of the private-key blocks in <paramref name="text"/>.</summary>
    public static IReadOnlyList<(int First, int Last)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return [];
        }

        var blocks = new Builder();
        var line = 0;
        var rest = text.AsSpan();
        while (true)
        {
            line++; // lines split on '\n' only, exactly as MaskLines counts them
            var newline = rest.IndexOf('\n');
            var current = newline < 0 ? rest : rest[..newline];
            if (current.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                blocks.Add(line, PrivateKeyPem.Classify(current));
            }

            if (newline < 0)
            {
                break;
            }

            rest = rest[(newline + 1)..];
        }

        return blocks.Finish(line);
    }

    /// <summary>Lines in UTF-8 text, counted as /file counts them (Files.TextLines.Count): a final newline starts no line.</summary>
    private static int LineCount(ReadOnlySpan<byte> content) =>
        content.IsEmpty ? 0 : content.Count((byte)'\n') + (content[^1] == (byte)'\n' ? 0 : 1);

    public static bool Contains(IReadOnlyList<(int First, int Last)> blocks, int line)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var (first, last) in blocks)
        {
            if (line >= first && line <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces every line of <paramref name="text"/> (whose first line is line <paramref name="firstLine"/>) that lies in a block.</summary>
    public static string MaskLines(string text, int firstLine, IReadOnlyList<(int First, int Last)> blocks)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var line = firstLine;
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            builder.Append(Contains(blocks, line) ? ITextRedactor.Marker : text.AsSpan(start, end - start));
            if (newline < 0)
            {
                break;
            }

            builder.Append('\n');
            start = newline + 1;
            line++;
        }

        return builder.ToString();
    }

    /// <summary>The same state machine as the redactor's PrivateKeyLineTracker, fed only the marker lines.</summary>
    private struct Builder
    {
        private List<(int, int)>? _blocks;
        private int _openedAt;

        public void Add(int line, PemMarker marker)
        {
            switch (marker)
            {
                case PemMarker.Begin when _openedAt == 0:
                    _openedAt = line;
                    break;
                case PemMarker.End when _openedAt != 0:
                    (_blocks ??= []).Add((_openedAt, line));
                    _openedAt = 0;
                    break;
                case PemMarker.End or PemMarker.BeginAndEnd when _openedAt == 0:
                    (_blocks ??= []).Add((line, line));
                    break;
            }
        }

        public readonly IReadOnlyList<(int First, int Last)> Finish(int lastLine)
        {
            var blocks = _blocks ?? [];
            if (_openedAt != 0)
            {
                blocks.Add((_openedAt, Math.Max(_openedAt, lastLine))); // SECURITY: an unclosed key runs to the end
            }

            return blocks;
        }
    }
}
