using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Vitaminize;

/// <summary>`POST /ui/repos/vitaminize?path=` (admin): install the launcher kit and make the repository active.</summary>
public static class VitaminizeEndpoints
{
    public static IServiceCollection AddVitaminize(this IServiceCollection services)
    {
        services.TryAddSingleton<LauncherKit>();
        services.TryAddSingleton<VitaminizeService>();
        return services;
    }

    public static IEndpointRouteBuilder MapVitaminizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ui/repos/vitaminize", Vitaminize).RequireAdmin().WithName("vitaminizeRepo")
            .WithSummary("Install the launcher kit (start scripts, allowlist template) into a repository and make it active; never overwrites.")
            .ProducesProblems(VitaminizeService.Failures);
        return app;
    }

    private static async Task<Results<Ok<VitaminizeResult>, ProblemResult>> Vitaminize(string? path, VitaminizeService service, HttpContext context) =>
        (await service.InstallAsync(path, context.User.Actor())).ToHttp(TypedResults.Ok);
}
