namespace RepoOrchestrator.Errors;

/// <summary>
/// An expected failure as a value: the status, a human detail and the problem type (the last part of the
/// problem+json `type`). Feature services return it inside an <see cref="Outcome{T}"/>; HTTP answers it as
/// problem+json (<see cref="ProblemResult"/>), MCP as an `isError` tool result (Mcp/McpToolResults). The detail is
/// shown to the caller as is: never put an exception message, a host path outside the repository, a token or file
/// content in it.
/// </summary>
public sealed record Problem(int Status, string Detail, string Type)
{
    public static Problem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail, "bad-request");

    public static Problem Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail, "forbidden");

    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, detail, "not-found");

    public static Problem Conflict(string detail) => new(StatusCodes.Status409Conflict, detail, "conflict");

    public static Problem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail, "payload-too-large");

    public static Problem UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, detail, "unsupported-media-type");

    /// <summary>
    /// For a failure found deep inside a step that cannot return a value (a git process, the redaction budget
    /// mid-scan): thrown, and turned back into this problem at the read pipeline's boundary.
    /// </summary>
    public ApiProblemException Abort() => new(this);
}
