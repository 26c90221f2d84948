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
