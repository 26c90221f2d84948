using System.Globalization;
using System.Text;

namespace RepoOrchestrator.Audit;

/// <summary>
/// Walks the audit hash chain (SPEC 12) from the oldest kept backup (`.N`) through `.1` to the current file
/// and reports the first line that is altered, removed or out of order. Limits, stated to the operator: the
/// first line of the oldest kept file is the anchor unless it chains from genesis (its predecessor may have
/// been rotated away, so it cannot be checked); lines cut from the very end of the newest file leave no
/// successor to betray them; a last line without its newline is a write cut short by a hard kill (the
/// writer removes it before its next append), not tampering.
/// </summary>
public sealed class AuditVerifier(AuditLog log)
{
    /// <summary>The verdict; throws (the files cannot be read, the audit path is a folder) when there is none.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(log.FilePath))
        {
            throw new Errors.ApiProblemException(StatusCodes.Status503ServiceUnavailable,
                $"Cannot check: the audit path {log.FilePath} is a folder, not a file (ORCH_AUDIT_LOG_PATH).");
        }

        // Read every file under the writers' lock (a consistent set even while the service appends and
        // rotates), then check outside it so writers wait only for the reads.
        var files = await log.WithWritersPausedAsync(
#pragma warning disable RS0030 // owner: audit verify reads the audit log it checks
            () => KeptFiles(log.FilePath).Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToList(), cancellationToken).ConfigureAwait(false);
#pragma warning restore RS0030
        var lines = new List<Entry>();
        string? note = null;
        for (var f = 0; f < files.Count; f++)
        {
            var (path, bytes) = files[f];
            var parts = Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                lines.Add(new Entry(path, i + 1, parts[i]));
            }

            var tail = parts[^1];
            if (tail.Length > 0)
            {
                var where = At(path, parts.Length);
                if (f == files.Count - 1)
                {
                    note = $"Note: {where} is incomplete (no line end): a write cut short by a hard kill. It is not part of the chain, and the service removes it before its next write.";
                }
                else
                {
                    return Broken(files.Count, lines.Count, "", $"{where} has no line end: the file was cut or edited (the writer never leaves a half line in a rotated file).");
                }
            }
        }

        return Check(files.Count, lines, note);
    }

    /// <summary>`path.N` … `path.1`, then `path`: oldest first, only those that exist.</summary>
    public static IReadOnlyList<string> KeptFiles(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dir = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var name = Path.GetFileName(path);
        // Enumerate everything and filter here: the "name.*" pattern also matches "name" itself.
        var backups = Directory.EnumerateFiles(dir)
            .Select(f => (File: f, Name: Path.GetFileName(f)))
            .Where(f => f.Name.Length > name.Length + 1 && f.Name.StartsWith(name + ".", StringComparison.Ordinal))
            .Select(f => (f.File, Suffix: f.Name[(name.Length + 1)..]))
            .Where(f => f.Suffix.Length <= 6 && f.Suffix.All(char.IsAsciiDigit))
            .OrderByDescending(f => int.Parse(f.Suffix, CultureInfo.InvariantCulture))
            .Select(f => f.File)
            .ToList();
        if (File.Exists(path))
        {
            backups.Add(path);
        }

        return backups;
    }

    private static AuditVerification Check(int fileCount, List<Entry> lines, string? note)
    {
        if (lines.Count == 0)
        {
            return new AuditVerification(true, fileCount, 0, "", null, note);
        }

        string start;
        string previous;
        var first = lines[0];
        if (!AuditChain.TrySplit(first.Text, out var firstBody, out var firstChain))
        {
            return Broken(fileCount, 0, "", $"{At(first)} has no valid CHAIN field: it was altered.");
        }

        if (AuditChain.Compute(AuditChain.Genesis, firstBody) == firstChain)
        {
            start = $"The chain starts at genesis ({At(first)}): nothing is missing from the beginning.";
        }
        else
        {
            start = $"Anchor: {At(first)}, the oldest kept line, is taken as given: the lines before it were rotated away, so it cannot be checked against its predecessor.";
        }

        previous = firstChain;
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!AuditChain.TrySplit(line.Text, out var body, out var chain))
            {
                return Broken(fileCount, i, start, $"{At(line)} has no valid CHAIN field: it was altered.");
            }

            // SECURITY: tamper evidence: every line must chain from the one before it.
            if (!string.Equals(AuditChain.Compute(previous, body), chain, StringComparison.Ordinal))
            {
                return Broken(fileCount, i, start, Explain(lines, i, body, chain));
            }

            previous = chain;
        }

        return new AuditVerification(true, fileCount, lines.Count, start, null, note);
    }

    /// <summary>
    /// Names what most likely happened at the break. A line whose true predecessor sits later in the log was
    /// moved (reordered); otherwise the chain cannot tell an edited line from a removed predecessor, so both
    /// are named.
    /// </summary>
    private static string Explain(List<Entry> lines, int index, string body, string chain)
    {
        var here = At(lines[index]);
        var before = At(lines[index - 1]);
        for (var j = index + 1; j < lines.Count; j++)
        {
            if (AuditChain.TrySplit(lines[j].Text, out _, out var candidate)
                && string.Equals(AuditChain.Compute(candidate, body), chain, StringComparison.Ordinal))
            {
                return $"{here} is out of order: it belongs after {At(lines[j])} (lines were reordered).";
            }
        }

        if (string.Equals(AuditChain.Compute(AuditChain.Genesis, body), chain, StringComparison.Ordinal))
        {
            return $"{here} restarts the chain from genesis: the lines before it were replaced or removed.";
        }

        return $"{here} does not chain from {before}: the line was altered, or a line between them was removed.";
    }

    private static AuditVerification Broken(int files, long checkedLines, string start, string problem) =>
        new(false, files, checkedLines, start, "TAMPERED: " + problem, null);

    private static string At(Entry entry) => At(entry.File, entry.Number);

    private static string At(string file, int number) => $"{file} line {number}";

    private sealed record Entry(string File, int Number, string Text);
}
