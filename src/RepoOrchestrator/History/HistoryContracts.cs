using System.Text;
using System.Text.Json.Serialization;

namespace RepoOrchestrator.History;

/// <summary>One commit of a /git/log page: id, author name, author date (ISO 8601) and subject (name and subject redacted).</summary>
public sealed record GitCommitEntry(string Id, string Author, string Date, string Subject);

/// <summary>
/// A /git/log page, newest first. <see cref="NextCursor"/> is set when more commits follow: pass it as `cursor` (with the
/// same `path`) for the next page.
/// </summary>
public sealed record GitLogResult(string Ref, string Commit, string? Path, IReadOnlyList<GitCommitEntry> Commits, string? NextCursor, bool Truncated);

/// <summary>A /git/show answer: a file at a commit, lines <see cref="StartLine"/>..<see cref="EndLine"/> sliced, redacted and capped.</summary>
/// <see cref="HiddenCharacters"/> counts the invisible characters shown as <c>&lt;U+XXXX&gt;</c> (Security/HiddenText).
public sealed record GitShowResult(string Ref, string Commit, string Path, string Body, int TotalLines, string ContentSha256, bool Truncated, int StartLine, int EndLine, int HiddenCharacters = 0);

/// <summary>One line of a /git/blame answer: its number, the commit that last changed it, that commit's author and date, the (redacted) text.</summary>
public sealed record GitBlameLine(int Line, string Commit, string Author, string Date, string Content);

/// <summary>A /git/blame answer: lines <see cref="StartLine"/>..<see cref="EndLine"/> of a file at a commit, each with its last change.</summary>
public sealed record GitBlameResult(string Ref, string Commit, string Path, int StartLine, int EndLine, int TotalLines, IReadOnlyList<GitBlameLine> Lines, bool Truncated, int HiddenCharacters = 0);

/// <summary>
/// A /git/show answer for a commit (no path): metadata (author name, subject and message redacted), then its changes
/// against the first parent as a stat or, with mode=patch, the patch (refused files left out, redacted, capped).
/// </summary>
public sealed record GitCommitResult(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("parents")] IReadOnlyList<string> Parents,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("committer_date")] string CommitterDate,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("changes")] string Changes,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("hidden_characters")] int HiddenCharacters)
{
    /// <summary>The commit as text, laid out like `git show --stat`: what /git/show serves and the audit hashes.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append("commit ").Append(Commit).Append('\n');
        if (Parents.Count > 1)
        {
            text.Append("Merge: ").AppendJoin(' ', Parents).Append('\n');
        }

        text.Append("Author: ").Append(Author).Append('\n').Append("Date:   ").Append(Date).Append("\n\n");
        foreach (var line in (Message.Length == 0 ? Subject : Subject + "\n\n" + Message).Split('\n'))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        return text.Append('\n').Append(Changes).ToString();
    }
}
