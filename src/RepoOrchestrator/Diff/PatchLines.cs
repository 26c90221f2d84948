using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Git;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Diff;

/// <summary>
/// The lines of a patch's hunks as /file serves them. A hunk holds a few lines of its file with git's '+', '-' or ' '
/// before each, and three lines of context at most, so redacting the patch text itself misses every secret whose rule
/// needs the lines around it: a value on the line after its name (<c>password: |</c>, <c>"password":</c> then the value,
/// a backslash continuation), or a changed line deep inside a key block whose name is not in the hunk. Each hunk line is
/// therefore replaced by the same line of its side's whole file (the old blob for '-', the new for '+', both for context),
/// redacted the way /file redacts it (<see cref="RevealingRedaction.RedactThenStrip"/>, not yet revealed: the whole patch
/// is revealed afterwards). A context line the two sides redact differently, a line of a blob that cannot be read as
/// text (binary, larger than ORCH_MAX_FILE_BYTES, unreadable) and a line number outside its blob are withheld: its
/// indentation then one marker. Hunk headers keep their line ranges only: the section heading git adds after them is a
/// line of the file chosen by the repository's funcname rules, outside any context. The `index` line's blob ids (hashes of
/// the raw bytes) are served only for a blob served as it is stored. Submodule lines stay as they are.
/// </summary>
internal sealed partial class PatchLines(ITextRedactor redactor, long maxFileBytes)
{
    /// <summary>The most blobs one patch reads; a patch that needs more is refused (narrow the range or use mode=stat). Only the
    /// current file's two blobs are held at a time.</summary>
    public const int MaxBlobs = 512;

    private const int BinaryProbeBytes = Files.TextLines.BinaryProbeBytes;
    private const int AbbreviatedId = 12;

    /// <summary>
    /// How many ORCH_MAX_FILE_BYTES of blobs one patch reads at most (both sides of two files of the largest size a read
    /// serves): a one-line change in each of many large files is a small patch that would redact them all.
    /// </summary>
    public const int MaxFileSizes = 4;

    private readonly Dictionary<string, string[]?> _blobs = new(StringComparer.Ordinal);

    // The current file's blobs whose served text is their raw text: only their ids may be served (IndexLine).
    private readonly HashSet<string> _servedAsStored = new(StringComparer.Ordinal);
    private int _blobsRead;
    private long _charsRead;

    internal const string TooManyFilesDetail =
        "The diff changes too many files, or too much text, to redact each against its whole file; use mode=stat, or compare refs closer together (a base nearer to head).";

    /// <summary>
    /// <paramref name="patch"/> (git diff --patch --full-index output) with every hunk line served as its file's line.
    /// The redaction budget's 422 propagates as an <see cref="ApiProblemException"/>.
    /// </summary>
    public async Task<Outcome<string>> RedactAsync(GitRepository repo, string patch, CancellationToken ct)
    {
        var lines = patch.Split('\n');
        var output = new StringBuilder(patch.Length);
        string? oldId = null, newId = null;
        var gitlink = false;
        int oldLine = 0, newLine = 0, oldLeft = 0, newLeft = 0;
        (int At, string Mode)? index = null; // the current file's index line, written once its blobs are known
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i > 0)
            {
                output.Append('\n');
            }

            var inHunk = oldLeft > 0 || newLeft > 0;
            if (!inHunk && line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                WriteIndexLine(output, ref index, oldId, newId);
                (oldId, newId, gitlink) = (null, null, false);
                _blobs.Clear(); // a file's two blobs are kept while its hunks are read, no longer
                _servedAsStored.Clear();
                output.Append(line);
                continue;
            }

            if (!inHunk && HunkHeader().Match(line) is { Success: true } header)
            {
                oldLine = Number(header.Groups["old"]);
                newLine = Number(header.Groups["new"]);
                oldLeft = header.Groups["oldCount"].Success ? Number(header.Groups["oldCount"]) : 1;
                newLeft = header.Groups["newCount"].Success ? Number(header.Groups["newCount"]) : 1;
                output.Append(header.Value); // SECURITY: the section heading after it is a line of the file out of context
                continue;
            }

            if (!inHunk || line.StartsWith('\\'))
            {
                // a header line, or "\ No newline at end of file"; a submodule only by git's own header lines, never
                // by a path that happens to end in " 160000" (rename to config 160000)
                gitlink |= GitlinkHeader().IsMatch(line);
                if (!inHunk && IndexLine().Match(line) is { Success: true } ids)
                {
                    WriteIndexLine(output, ref index, oldId, newId);
                    (oldId, newId) = (ids.Groups["old"].Value, ids.Groups["new"].Value);
                    gitlink |= ids.Groups["mode"].Value == " 160000";
                    index = (output.Length, ids.Groups["mode"].Value); // asked in full to read the blobs; written at the file's end
                    continue;
                }

                output.Append(line);
                continue;
            }

            // SECURITY: inside a hunk (by its header's line counts) every line is a line of the file, whatever it starts
            // with: an empty one (diff.suppressBlankEmpty) is context, served from the blobs like any other
            var kind = line.Length > 0 && line[0] is '+' or '-' ? line[0] : ' ';
            (oldLeft, newLeft) = kind switch
            {
                '-' => (oldLeft - 1, newLeft),
                '+' => (oldLeft, newLeft - 1),
                _ => (oldLeft - 1, newLeft - 1),
            };
            if (gitlink)
            {
                output.Append(line); // "Subproject commit <id>": no file behind it
                continue;
            }

            string? served;
            switch (kind)
            {
                case '-':
                    if (!(await BlobAsync(repo, oldId, ct)).TryGet(out var oldBlob, out var problem))
                    {
                        return problem;
                    }

                    served = LineOf(oldBlob, oldLine++);
                    break;
                case '+':
                    if (!(await BlobAsync(repo, newId, ct)).TryGet(out var newBlob, out problem))
                    {
                        return problem;
                    }

                    served = LineOf(newBlob, newLine++);
                    break;
                default:
                    if (!(await BlobAsync(repo, oldId, ct)).TryGet(out oldBlob, out problem)
                        || !(await BlobAsync(repo, newId, ct)).TryGet(out newBlob, out problem))
                    {
                        return problem;
                    }

                    var before = LineOf(oldBlob, oldLine++);
                    served = string.Equals(before, LineOf(newBlob, newLine++), StringComparison.Ordinal) ? before : null;
                    break;
            }

            // SECURITY: fail closed: the line's indentation, then one marker
            output.Append(kind).Append(served ?? RevealingRedaction.Masked(line.Length > 0 ? line[1..] : ""));
        }

        WriteIndexLine(output, ref index, oldId, newId);
        return output.ToString();
    }

    /// <summary>
    /// The current file's `index` line, in its place, once its hunks have been read. SECURITY: a blob id is a hash of the
    /// raw bytes (SHA-1 of `blob &lt;size&gt;\0` and the file), so with the rest of the file served it confirms a guess at a
    /// redacted value offline: an id is served (abbreviated) only for a blob whose served text is its raw text, and for a
    /// side that does not exist (zeros); any other blob (redacted, binary, too large, not read) shows the marker.
    /// </summary>
    private void WriteIndexLine(StringBuilder output, ref (int At, string Mode)? index, string? oldId, string? newId)
    {
        if (index is not { } line || oldId is null || newId is null)
        {
            index = null;
            return;
        }

        output.Insert(line.At, $"index {Shown(oldId)}..{Shown(newId)}{line.Mode}");
        index = null;
    }

    private string Shown(string id) =>
        id.All(c => c == '0') || _servedAsStored.Contains(id) ? id[..AbbreviatedId] : ITextRedactor.Marker;

    private static int Number(Group group) => int.Parse(group.ValueSpan, System.Globalization.CultureInfo.InvariantCulture);

    private static string? LineOf(string[]? blob, int number) => blob is not null && number >= 1 && number <= blob.Length ? blob[number - 1] : null;

    // The blob's lines as /file redacts the whole file; null when it cannot be read as text (every line of it withheld).
    private async Task<Outcome<string[]?>> BlobAsync(GitRepository repo, string? id, CancellationToken ct)
    {
        if (id is null || !ObjectId().IsMatch(id) || id.All(c => c == '0'))
        {
            return (string[]?)null; // no index line, or the side that does not exist: no line of it should be asked for
        }

        if (_blobs.TryGetValue(id, out var known))
        {
            return known;
        }

        if (++_blobsRead > MaxBlobs || _charsRead > MaxFileSizes * maxFileBytes)
        {
            return RedactionBudget.Exceeded().Problem with { Detail = TooManyFilesDetail };
        }

        // SECURITY: `cat-file blob` gives the stored bytes: no textconv, no filter driver, nothing the repository names runs.
        var maxChars = (int)Math.Min(int.MaxValue - 1, maxFileBytes) + 1;
        var result = await repo.RunAsync("cat-file blob", ["cat-file", "blob", "--end-of-options", id], maxChars, ct);
        string[]? lines = null;
        if (result.TryGet(out var content, out _) && !content.OutputTruncated
            && !content.StandardOutput.AsSpan(0, Math.Min(content.StandardOutput.Length, BinaryProbeBytes)).Contains('\0'))
        {
            var text = content.StandardOutput;
            _charsRead += text.Length;
            if (Encoding.UTF8.GetByteCount(text) <= maxFileBytes) // the cap above counts characters; a file is held to its bytes
            {
                var pass = RevealingRedaction.RedactThenStrip(redactor, new RedactableText(text), text, 1, int.MaxValue);
                lines = (pass.Stripped ?? pass.Redacted).Split('\n');
                if (pass.Stripped is null && string.Equals(pass.Redacted, text, StringComparison.Ordinal))
                {
                    _servedAsStored.Add(id);
                }
            }
        }

        _blobs[id] = lines;
        return lines;
    }

    [GeneratedRegex(@"^@@ -(?<old>\d{1,9})(?:,(?<oldCount>\d{1,9}))? \+(?<new>\d{1,9})(?:,(?<newCount>\d{1,9}))? @@", RegexOptions.CultureInvariant)]
    private static partial Regex HunkHeader();

    [GeneratedRegex(@"^index (?<old>[0-9a-f]{40,64})\.\.(?<new>[0-9a-f]{40,64})(?<mode> [0-7]{6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IndexLine();

    [GeneratedRegex(@"^(?:new file|deleted file|old|new) mode 160000$", RegexOptions.CultureInvariant)]
    private static partial Regex GitlinkHeader();

    [GeneratedRegex(@"^[0-9a-f]{40,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectId();
}
