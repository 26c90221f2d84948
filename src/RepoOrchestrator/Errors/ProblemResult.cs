namespace RepoOrchestrator.Errors;

/// <summary>
/// The HTTP answer of a <see cref="Problem"/>: the same problem+json body as every other error of the service
/// (<see cref="ProblemResponses"/>: `type`, `title`, `detail`, `instance`, `correlation_id`), as a typed result an
/// endpoint can name in its `Results&lt;…&gt;` return type. It also keeps the declaration honest: a status the
/// endpoint's <see cref="ExpectedProblems"/> does not list (and that is not a 400, which every operation with
/// parameters documents) is logged as a warning, so an OpenAPI document that lies about an endpoint's failures shows up.
/// </summary>
public sealed partial class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
{
    public Problem Problem { get; } = problem ?? throw new ArgumentNullException(nameof(problem));

    public int? StatusCode => Problem.Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.GetEndpoint() is { } endpoint && !IsDeclared(endpoint, Problem.Status))
        {
            var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ProblemResult>();
            LogUndeclared(logger, endpoint.DisplayName ?? "-", Problem.Status);
        }

        return ProblemResponses.WriteAsync(httpContext, Problem.Status, Problem.Detail, Problem.Type);
    }

    /// <summary>Whether the endpoint's declaration covers <paramref name="status"/>.</summary>
    public static bool IsDeclared(Endpoint endpoint, int status)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return status == StatusCodes.Status400BadRequest
            || endpoint.Metadata.GetOrderedMetadata<ExpectedProblems>().Any(p => p.Statuses.Contains(status));
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} answered {Status}, a failure its ProducesProblems declaration does not list")]
    private static partial void LogUndeclared(ILogger logger, string endpoint, int status);
}
