namespace RepoOrchestrator.Files;

/// <summary>A /file read: the path, 1-based inclusive line range (null end = a full page from the start), who asks, and the audit prefix ("" for HTTP, "MCP_").</summary>
public sealed record FileReadRequest(string? Path, int StartLine = 1, int? EndLine = null, string Actor = "anonymous", string OperationPrefix = "");

/// <summary>
/// A served slice: <see cref="Body"/> is sliced, redacted, capped and already carries the truncation marker when
/// <see cref="Truncated"/>; <see cref="ContentSha256"/> is the SHA-256 of the body (header and audit HASH).
/// <see cref="StartLine"/>..<see cref="EndLine"/> are the lines served (EndLine = StartLine - 1 when none).
/// <see cref="BodyUtf8"/> is the body as sent over HTTP (UTF-8), encoded once per cached body, not per request.
/// </summary>
public sealed record FileReadResult(string Path, string Body, int TotalLines, string ContentSha256, bool Truncated, int StartLine, int EndLine)
{
    public ReadOnlyMemory<byte> BodyUtf8 { get; init; }
}
