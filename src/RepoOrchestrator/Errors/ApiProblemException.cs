namespace RepoOrchestrator.Errors;

/// <summary>
/// An expected failure with a status and a human detail, thrown by feature services and turned into
/// problem+json by <see cref="ErrorHandlingMiddleware"/>. The detail is shown to the caller as is: never
/// put an exception message, an absolute host path outside the repository, a token or file content in it.
/// </summary>
public sealed class ApiProblemException(int status, string detail, string type = "request-error") : Exception(detail)
{
    public int Status { get; } = status;

    public string Detail { get; } = detail;

    public string ProblemType { get; } = type;

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail, "bad-request");

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail, "not-found");

    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail, "forbidden");

    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, detail, "conflict");
}
