namespace RepoOrchestrator.Files;

/// <summary>
/// Line arithmetic with vectorised searches for '\n': on raw UTF-8 bytes (nothing is decoded), and the line count also
/// on text already decoded (a redacted or served string), so every count agrees with the one /file gives.
/// </summary>
public static class TextLines
{
    public const int BinaryProbeBytes = 8 * 1024;

    /// <summary>Binary means a NUL byte in the first 8 KiB (SPEC 6).</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].Contains((byte)0);

    /// <summary>Number of lines; a final newline does not start another line ("a\nb\n" has 2).</summary>
    public static int Count(ReadOnlySpan<byte> content) =>
        content.IsEmpty ? 0 : content.Count((byte)'\n') + (content[^1] == (byte)'\n' ? 0 : 1);

    /// <summary>The same count for decoded text: a '\n' is one UTF-16 char as it is one UTF-8 byte, so both counts agree.</summary>
    public static int Count(ReadOnlySpan<char> text) =>
        text.IsEmpty ? 0 : text.Count('\n') + (text[^1] == '\n' ? 0 : 1);

    /// <summary>Byte offset just after <paramref name="lines"/> more lines from the start of <paramref name="content"/> (its length when fewer remain).</summary>
    public static int Skip(ReadOnlySpan<byte> content, int lines)
    {
        // Whole blocks are skipped with one vectorised count each; only the block holding the target line is walked
        // line by line (a page from the middle of a large file would otherwise cost one search per skipped line).
        const int Block = 4096;
        var offset = 0;
        while (lines > 0 && content.Length - offset > Block)
        {
            var inBlock = content.Slice(offset, Block).Count((byte)'\n');
            if (inBlock >= lines)
            {
                break;
            }

            lines -= inBlock;
            offset += Block;
        }

        for (var i = 0; i < lines; i++)
        {
            var newline = content[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return content.Length;
            }

            offset += newline + 1;
        }

        return offset;
    }
}
