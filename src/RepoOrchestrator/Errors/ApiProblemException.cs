namespace RepoOrchestrator.Errors;

/// <summary>
/// A <see cref="Problem"/> thrown: only for a failure found deep inside a step that cannot return a value (a git
/// process that times out, the redaction budget running out mid-scan, a command-line action). The read pipeline
/// turns it back into a value at its boundary (Reading/ReadPipeline.RunAsync), MCP in Mcp/McpToolRunner; any left
/// over is answered by <see cref="ErrorHandlingMiddleware"/>. Everything a service can see coming is returned as an
/// <see cref="Outcome{T}"/> instead.
/// </summary>
public sealed class ApiProblemException(Problem problem) : Exception(problem?.Detail)
{
    public ApiProblemException(int status, string detail, string type = "request-error")
        : this(new Problem(status, detail, type))
    {
    }

    public Problem Problem { get; } = problem ?? throw new ArgumentNullException(nameof(problem));

    public int Status => Problem.Status;

    public string Detail => Problem.Detail;

    public string ProblemType => Problem.Type;

    public static ApiProblemException Forbidden(string detail) => Problem.Forbidden(detail).Abort();
}
