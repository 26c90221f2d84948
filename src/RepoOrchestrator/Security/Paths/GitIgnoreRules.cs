using System.Text;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The rules of one `.gitignore` file, matched against paths relative to the folder that holds it, as git reads
/// them (`git help gitignore`): `#` comments, blank lines, trailing spaces trimmed unless escaped, `\#` and `\!`
/// escapes, `!` negation, a trailing `/` for folders only, a `/` at the start or in the middle anchors the pattern to
/// this folder, otherwise it matches a name at any depth below; the last matching rule wins.
/// SECURITY: a hostile repository writes this file, so it is bounded: only its first <see cref="MaxBytes"/> bytes
/// and <see cref="MaxRules"/> rules are read, each pattern is a <see cref="PathGlob"/> (no backtracking, at most
/// <see cref="PathGlob.MaxLength"/> characters; a longer or malformed one is skipped), and every match is charged to
/// the walk's budget (<see cref="GitIgnoreFilter"/>). `.gitignore` only ever hides files: the path rules that keep
/// secrets out (denied folders and extensions, dot-files) apply before it and no negation can undo them.
/// </summary>
public sealed class GitIgnoreRules
{
    public const string FileName = ".gitignore";
    public const int MaxBytes = 64 * 1024;
    public const int MaxRules = 1000;

    private readonly Rule[] _rules;

    private GitIgnoreRules(Rule[] rules) => _rules = rules;

    public int Count => _rules.Length;

    /// <summary>The rules of <paramref name="text"/>, the content of a `.gitignore`.</summary>
    public static GitIgnoreRules Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<Rule>();
        foreach (var raw in text.Split('\n'))
        {
            if (rules.Count == MaxRules)
            {
                break;
            }

            if (ParseLine(raw.TrimEnd('\r')) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return new GitIgnoreRules([.. rules]);
    }

    /// <summary>
    /// The `.gitignore` of an open folder (by path off Linux), or null when there is none or it cannot be read as a
    /// plain file: a link, FIFO, device or a file the serving rule refuses (a hard link) counts as absent.
    /// </summary>
    public static GitIgnoreRules? Read(FolderHandle? folder, string folderPath, ServedFileRule servedFiles)
    {
        try
        {
            // Most folders have none: one lstat relative to the open folder says so without the FileNotFoundException the
            // open below would throw and this would catch, once per folder of every walk (the index build's and the scans').
            if (folder is not null && OperatingSystem.IsLinux() && LinuxFileStatus.LStatAt(folder.Handle, FileName).Kind == FileKind.Missing)
            {
                return null;
            }

            // SECURITY: opened like any served file: never through a link, never a FIFO or device, one component.
            using var handle = SafeFileAccess.OpenRegular(folder, folderPath, FileName, servedFiles, out var length);
            var buffer = new byte[(int)Math.Min(length, MaxBytes)];
            var total = 0;
            while (total < buffer.Length)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            var rules = Parse(Encoding.UTF8.GetString(buffer, 0, total));
            return rules.Count == 0 ? null : rules;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The verdict of the last rule matching <paramref name="relative"/> (relative to this file's folder, '/'-separated;
    /// its last component starts at <paramref name="nameStart"/>): true ignored, false re-included, null no rule
    /// matches or the budget ran out.
    /// </summary>
    public bool? Match(string relative, int nameStart, bool isDirectory, ref long budget)
    {
        ArgumentNullException.ThrowIfNull(relative);
        for (var i = _rules.Length - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.FoldersOnly && !isDirectory)
            {
                continue;
            }

            var subject = rule.Anchored ? relative.AsSpan() : relative.AsSpan(nameStart);
            budget -= rule.Glob.Cost(subject.Length);
            if (budget < 0)
            {
                return null;
            }

            if (rule.Glob.IsMatch(subject))
            {
                return !rule.Negated;
            }
        }

        return null;
    }

    private static Rule? ParseLine(string line)
    {
        // Trailing spaces go unless the last one is escaped ("foo\ " keeps "foo ").
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end >= 2 && line[end - 2] == '\\'))
        {
            end--;
        }

        var text = line[..end];
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var negated = text[0] == '!';
        if (negated)
        {
            text = text[1..];
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        var foldersOnly = text.EndsWith('/');
        text = text.TrimEnd('/');
        if (text.Length == 0)
        {
            return null;
        }

        var anchored = text.Contains('/', StringComparison.Ordinal);
        text = text.TrimStart('/');
        return text.Length > 0 && PathGlob.TryParse(text, out var glob, out _)
            ? new Rule(glob, negated, foldersOnly, anchored)
            : null;
    }

    private sealed record Rule(PathGlob Glob, bool Negated, bool FoldersOnly, bool Anchored);
}
