namespace RepoOrchestrator.Files;

/// <summary>A /file read: the path, 1-based inclusive line range (null end = a full page from the start), who asks, and the audit prefix ("" for HTTP, "MCP_").</summary>
/// <paramref name="MaxBytes"/> lowers the byte cap below ORCH_MAX_BYTES (a batch's remaining budget); null keeps ORCH_MAX_BYTES.
public sealed record FileReadRequest(string? Path, int StartLine = 1, int? EndLine = null, string Actor = "anonymous", string OperationPrefix = "", int? MaxBytes = null);

/// <summary>
/// A served slice: <see cref="BodyUtf8"/> (UTF-8, as sent over HTTP) is sliced, redacted, capped and already carries
/// the truncation marker when <see cref="Truncated"/>; <see cref="ContentSha256"/> is the SHA-256 of those bytes
/// (header and audit HASH). <see cref="StartLine"/>..<see cref="EndLine"/> are the lines served (EndLine =
/// StartLine - 1 when none). <see cref="HiddenCharacters"/> counts the invisible characters shown as <c>&lt;U+XXXX&gt;</c> (Security/HiddenText).
/// </summary>
public sealed record FileReadResult(string Path, ReadOnlyMemory<byte> BodyUtf8, int TotalLines, string ContentSha256, bool Truncated, int StartLine, int EndLine, int HiddenCharacters = 0)
{
    /// <summary>The body as text (decoded on each call; HTTP sends <see cref="BodyUtf8"/> as it is).</summary>
    public string Body() => System.Text.Encoding.UTF8.GetString(BodyUtf8.Span);
}
