using Microsoft.AspNetCore.Mvc;

namespace RepoOrchestrator.Errors;

/// <summary>The one factory for error bodies: RFC 9457 problem+json with a stable `type`, a `detail` and the correlation id.</summary>
public static class ProblemResponses
{
    public const string TypeBase = "https://repo-orchestrator.local/problems/";

    public static ProblemDetails Create(HttpContext context, int status, string detail, string type)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases(status),
            Detail = detail,
            Type = TypeBase + type,
            Instance = context.Request.Path,
        };
        problem.Extensions["correlation_id"] = CorrelationIdMiddleware.Get(context);
        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string detail, string type)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = Create(context, status, detail, type);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>Declares the endpoint's expected failures once (<see cref="ExpectedProblems"/>); the OpenAPI document reads them.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ExpectedProblems(statuses));

    /// <summary>Declares the failures a feature service lists for itself (e.g. Files/FileReadService.Failures).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, ExpectedProblems problems)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(problems);

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
