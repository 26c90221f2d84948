using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Audit;

/// <summary>`GET /ui/audit`: the last lines of the audit log (admin).</summary>
public static class AuditEndpoints
{
    public const int MinLimit = 10;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/audit", GetAudit).RequireAdmin().WithName("getAudit")
            .WithSummary("The last `limit` lines of the audit log (10-500, default 200).");
        return app;
    }

    private static Results<Ok<AuditLinesResponse>, ProblemResult> GetAudit(AuditLog audit, int limit = 200)
    {
        if (limit is < MinLimit or > MaxLimit)
        {
            return new ProblemResult(Problem.BadRequest($"Query parameter 'limit' must be between {MinLimit} and {MaxLimit}."));
        }

        return TypedResults.Ok(new AuditLinesResponse(audit.Tail(limit)));
    }
}
