using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.OpenApi;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// The middleware order is a security property: correlation first (every response carries it), errors next
/// (nothing escapes as a raw 500), static dashboard files before authentication (they are public and the
/// operator must reach them in lockdown), then routing, authentication, authorization and the endpoints.
/// </summary>
public static class OrchestratorPipeline
{
    public static WebApplication UseOrchestrator(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMcpOriginGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOrchestratorEndpoints();
        return app;
    }

    public static IEndpointRouteBuilder MapOrchestratorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapStatusEndpoints();
        app.MapAuditEndpoints();
        app.MapRepositoryEndpoints();
        app.MapAllowlistEndpoints();
        ReadPath.ReadPathRegistration.MapReadPathEndpoints(app);
        app.MapOrchestratorOpenApi();
        app.MapOrchestratorMcp();
        // Unknown paths: 404 problem+json for a valid token; without one the reader policy answers 401 first.
        app.MapFallback(IResult () => throw ApiProblemException.NotFound("No endpoint at this path."))
            .RequireReader().ExcludeFromDescription();
        return app;
    }
}
