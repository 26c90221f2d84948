using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The audit log's lines between two times, oldest file first (`.N` … `.1`, then the current file), each line exactly
/// as written (hash chain field included, so an exported range can be checked against the original). Read in chunks
/// and yielded one line at a time: the whole log can be exported without holding it in memory. A line still being
/// written (no line end yet when its file was opened) is left out, as every audit reader does.
/// </summary>
public sealed class AuditExport(AuditSettings settings)
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Lines whose time is within [<paramref name="from"/>, <paramref name="to"/>] (either bound optional); a line without a readable time only without bounds.</summary>
    public async IAsyncEnumerable<string> LinesAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = Enumerable.Range(1, Math.Max(settings.BackupCount, 0)).Reverse().Select(i => $"{settings.Path}.{i}").Append(settings.Path);
        foreach (var file in files)
        {
            await foreach (var line in FileLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                if (Within(line, from, to))
                {
                    yield return line;
                }
            }
        }
    }

    /// <summary>The time at the start of an audit line (`&lt;ISO-8601 UTC&gt; | …`), or null.</summary>
    public static DateTimeOffset? TimeOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var end = line.IndexOf(" | ", StringComparison.Ordinal);
        return end > 0 && DateTimeOffset.TryParse(line.AsSpan(0, end), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    private static bool Within(string line, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is null && to is null)
        {
            return true;
        }

        return TimeOf(line) is { } at && (from is null || at >= from) && (to is null || at <= to);
    }

    private static async IAsyncEnumerable<string> FileLinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
#pragma warning disable RS0030 // owner: the audit log owns its files
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkBytes, useAsync: true);
#pragma warning restore RS0030
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            yield break; // fewer backups than configured: nothing to read
        }

        await using (stream.ConfigureAwait(false))
        {
            // Only what the file held when it was opened: lines appended meanwhile belong to the next export.
            var remaining = stream.Length;
            var buffer = new byte[ChunkBytes];
            using var line = new MemoryStream();
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                remaining -= read;
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
                        yield return text;
                    }
                }

                line.Write(buffer, start, read - start);
            }

            // What is left in `line` has no line end: a write in progress, never exported as a line.
        }
    }
}
