namespace RepoOrchestrator.Errors;

/// <summary>
/// The HTTP answer of a <see cref="Problem"/>: the same problem+json body as every other error of the service
/// (<see cref="ProblemResponses"/>: `type`, `title`, `detail`, `instance`, `correlation_id`), as a typed result an
/// endpoint can name in its `Results&lt;…&gt;` return type.
/// </summary>
public sealed class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
{
    public Problem Problem { get; } = problem ?? throw new ArgumentNullException(nameof(problem));

    public int? StatusCode => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return ProblemResponses.WriteAsync(httpContext, Problem.Status, Problem.Detail, Problem.Type);
    }
}
