using System.Text;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.ReadPath;

/// <summary>
/// Finds PEM private-key blocks by line (`-----BEGIN … PRIVATE KEY-----` to the matching END line; to the end
/// of the text when the END line is missing) in a whole file, so a slice or a search hit that starts inside a
/// key — where the redactor would see only base64 — still has every key line replaced by the marker. Lines keep
/// their count, so line numbers of the rest of the slice stay right. A BEGIN line without an END line (a cut
/// key, or prose naming the marker) masks up to the first blank line, or the end of the text.
/// </summary>
public static class PrivateKeyBlocks
{
    private static readonly byte[] BeginBytes = "-----BEGIN"u8.ToArray();
    private static readonly byte[] EndBytes = "-----END"u8.ToArray();
    private static readonly byte[] KeyBytes = "PRIVATE KEY"u8.ToArray();

    /// <summary>1-based inclusive line ranges of the private-key blocks in UTF-8 <paramref name="content"/>.</summary>
    public static IReadOnlyList<(int First, int Last)> Find(ReadOnlySpan<byte> content) =>
        content.IndexOf(KeyBytes) < 0 ? [] : Find(content, (byte)'\n', BeginBytes, EndBytes, KeyBytes, " \t\r"u8);

    /// <summary>1-based inclusive line ranges of the private-key blocks in <paramref name="text"/>.</summary>
    public static IReadOnlyList<(int First, int Last)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Contains("PRIVATE KEY", StringComparison.Ordinal)
            ? []
            : Find(text.AsSpan(), '\n', "-----BEGIN".AsSpan(), "-----END".AsSpan(), "PRIVATE KEY".AsSpan(), " \t\r".AsSpan());
    }

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

    private static List<(int First, int Last)> Find<T>(ReadOnlySpan<T> text, T newline, ReadOnlySpan<T> begin, ReadOnlySpan<T> end, ReadOnlySpan<T> key, ReadOnlySpan<T> blank)
        where T : IEquatable<T>
    {
        var blocks = new List<(int, int)>();
        var line = 0;
        var first = 0;
        var firstBlank = 0;
        var rest = text;
        while (!rest.IsEmpty)
        {
            line++;
            var cut = rest.IndexOf(newline);
            var current = cut < 0 ? rest : rest[..cut];
            rest = cut < 0 ? [] : rest[(cut + 1)..];
            if (first == 0 && IsMarker(current, begin, key, out var after))
            {
                first = line;
                firstBlank = 0;
                current = after; // a one-line block: BEGIN and END on the same line
            }
            else if (first != 0 && firstBlank == 0 && current.IndexOfAnyExcept(blank) < 0)
            {
                firstBlank = line;
            }

            if (first != 0 && IsMarker(current, end, key, out _))
            {
                blocks.Add((first, line));
                first = 0;
            }
        }

        if (first != 0)
        {
            blocks.Add((first, firstBlank == 0 ? line : firstBlank - 1)); // no END line
        }

        return blocks;
    }

    /// <summary>True when <paramref name="line"/> holds <paramref name="marker"/> followed later by <paramref name="key"/>.</summary>
    private static bool IsMarker<T>(ReadOnlySpan<T> line, ReadOnlySpan<T> marker, ReadOnlySpan<T> key, out ReadOnlySpan<T> after)
        where T : IEquatable<T>
    {
        after = default;
        var at = line.IndexOf(marker);
        if (at < 0)
        {
            return false;
        }

        var tail = line[(at + marker.Length)..];
        var keyAt = tail.IndexOf(key);
        if (keyAt < 0)
        {
            return false;
        }

        after = tail[(keyAt + key.Length)..];
        return true;
    }
}
