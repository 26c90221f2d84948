using System.Text;

namespace RepoOrchestrator.Audit;

/// <summary>Reading the audit files from the end without loading them whole.</summary>
public static class AuditFiles
{
    /// <summary>
    /// The last <paramref name="count"/> complete lines of <paramref name="path"/>: a last line without its newline is
    /// a write in progress (or cut by a hard kill) and is left out. A folder at the path is an error, not an empty file.
    /// </summary>
    public static IReadOnlyList<string> ReadLastLines(string path, int count)
    {
        if (Directory.Exists(path))
        {
            throw new UnauthorizedAccessException("The audit path is a folder, not a file.");
        }

        if (count <= 0 || !File.Exists(path))
        {
            return [];
        }

        FileStream stream;
        try
        {
#pragma warning disable RS0030 // owner: the audit log owns its files
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
#pragma warning restore RS0030
        }
        catch (FileNotFoundException)
        {
            return []; // rotated away between the check and the open: a missing file has no lines, as above
        }

        using var owned = stream;
        var length = stream.Length;
        var chunk = 64 * 1024;
        var buffer = Array.Empty<byte>();
        long start = length;
        while (start > 0)
        {
            var read = (int)Math.Min(chunk, start);
            start -= read;
            var next = new byte[read + buffer.Length];
            stream.Position = start;
            stream.ReadExactly(next, 0, read);
            Buffer.BlockCopy(buffer, 0, next, read, buffer.Length);
            buffer = next;
            if (CountNewlines(buffer) > count)
            {
                break;
            }

            chunk = Math.Min(chunk * 2, 4 * 1024 * 1024);
        }

        var lines = Encoding.UTF8.GetString(buffer).Split('\n');
        // The text before the first newline may be a partial line when we did not read from the start; the text
        // after the last newline is a line not yet complete (empty when the file ends with its newline).
        var complete = (start > 0 ? lines.Skip(1) : lines).SkipLast(1);
        var result = complete.Where(l => l.Length > 0).Select(l => l.TrimEnd('\r')).ToList();
        return result.Count <= count ? result : result.GetRange(result.Count - count, count);
    }

    /// <summary>Cuts a trailing line that has no newline (a write interrupted by a hard kill).</summary>
    public static void TruncatePartialLastLine(string path)
    {
#pragma warning disable RS0030 // owner: the audit log owns its files
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
#pragma warning restore RS0030
        if (stream.Length == 0)
        {
            return;
        }

        var position = stream.Length;
        var one = new byte[1];
        while (position > 0)
        {
            stream.Position = position - 1;
            stream.ReadExactly(one, 0, 1);
            if (one[0] == (byte)'\n')
            {
                break;
            }

            position--;
        }

        if (position != stream.Length)
        {
            stream.SetLength(position);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>
    /// Calls <paramref name="onLine"/> with every complete line of <paramref name="path"/>, first to last, read in chunks
    /// (the file is never loaded whole). Returns the text after the last newline, a write in progress or one cut by a
    /// hard kill (null when the file ends with its newline); it is never passed as a line.
    /// </summary>
    public static string? ScanLines(string path, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(onLine);
#pragma warning disable RS0030 // owner: the audit log owns its files
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
#pragma warning restore RS0030
        var buffer = new byte[64 * 1024];
        using var line = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                line.Write(buffer, start, newline - start);
                var text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
                line.SetLength(0);
                start = newline + 1;
                if (text.Length > 0)
                {
                    onLine(text);
                }
            }

            line.Write(buffer, start, read - start);
        }

        return line.Length == 0 ? null : Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
    }

    /// <summary>fsync of the file at <paramref name="path"/>: covers every line written to it, by this process or another.</summary>
    public static void FlushToDisk(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Rotated away with no backups kept: the lines were flushed before the rotation.
        }
    }

    /// <summary>Size rotation: `path` becomes `.1`, `.1` becomes `.2`, … up to `.backups` (none kept: deleted).</summary>
    public static void Rotate(string path, int backups)
    {
        if (backups == 0)
        {
            File.Delete(path);
            return;
        }

        File.Delete($"{path}.{backups}");
        for (var i = backups - 1; i >= 1; i--)
        {
            if (File.Exists($"{path}.{i}"))
            {
                File.Move($"{path}.{i}", $"{path}.{i + 1}");
            }
        }

        File.Move(path, path + ".1");
    }

    private static int CountNewlines(byte[] buffer) => buffer.AsSpan().Count((byte)'\n');
}
