using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Diff;

/// <summary>`GET /diff`: git diff between two refs of the active repository (SPEC 5).</summary>
public static class DiffEndpoints
{
    public static IServiceCollection AddDiff(this IServiceCollection services)
    {
        services.TryAddSingleton<DiffService>();
        return services;
    }

    public static IEndpointRouteBuilder MapDiffEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/diff", GetDiff).RequireReader().MirrorsTool(McpToolNames.GitDiff).ReadsRepository().WithName("getDiff")
            .WithSummary("git diff --stat (or the full patch) between two refs of the active repository.")
            .WithDescription("Returns text/plain, redacted, capped at ORCH_MAX_BYTES with \"# ... [TRUNCATED] ...\" when cut. "
                + "Refs match ^[A-Za-z0-9_./~^-]+$, do not start with '-', at most 256 characters. Files a read would refuse are left out.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(DiffService.Failures);
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemResult>> GetDiff(
        [FromQuery(Name = "base"), Description("Base ref (branch, tag, commit, HEAD~1 …). Default main.")] string? @base,
        [FromQuery(Name = "head"), Description("Head ref. Default HEAD.")] string? head,
        [FromQuery(Name = "mode"), Description("stat (default) for the summary, patch for the full patch.")] string? mode,
        DiffService diff,
        HttpContext context,
        CancellationToken ct)
    {
        var outcome = await diff.DiffAsync(@base, head, mode, context.User.Actor(), "", ct);
        return outcome.ToHttp(result =>
        {
            context.Response.Headers[Files.FileEndpoints.HiddenCharactersHeader] = result.HiddenCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Reading.TruncationHeaders.Write(context.Response, result.Truncated, () => "mode=stat, or base and head closer together");
            return TypedResults.Text(result.Text, "text/plain; charset=utf-8");
        });
    }
}
