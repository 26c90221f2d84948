using RepoOrchestrator.Actions;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Diff;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.History;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.OAuth;
using RepoOrchestrator.OpenApi;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Search;
using RepoOrchestrator.Security;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.ServiceControl;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tokens;
using RepoOrchestrator.Tree;
using RepoOrchestrator.Vitaminize;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// The middleware order is a security property: correlation first (every response carries it), errors next
/// (nothing escapes as a raw 500), the request's redaction budget, the host-name check (a DNS-rebinding page reaches nothing, static files
/// included), CORS (a preflight is answered before auth, lockdown or rate limiting can
/// refuse it), static dashboard files before authentication (they are public and the operator must reach
/// them in lockdown), then routing, rate limiting (needs the endpoint's DisableRateLimiting metadata, and runs
/// before authentication so a flood of bad tokens is cut at the per-IP limit before each one writes a
/// PANIC_TRIGGER row), the MCP origin guard (a hostile web page's request is refused before it is even
/// authenticated), authentication, lockdown (needs the token's validity), authorization, body buffering (only for requests
/// that will run an endpoint, so a failure's PANIC event can hash the body) and the endpoints.
/// </summary>
public static class OrchestratorPipeline
{
    public static WebApplication UseOrchestrator(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseRedactionBudget();
        app.UseMiddleware<HostNameGuardMiddleware>();
        app.UseOrchestratorCors();
        // A default file (the dashboard's index.html) is looked up only for a folder's address: for every other path the
        // middleware would stat a folder of that name under wwwroot/ (one more path walk per API request).
        app.UseWhen(context => context.Request.Path.Value?.EndsWith('/') == true, folder => folder.UseDefaultFiles());
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseMcpOriginGuard();
        app.UseAuthentication();
        var trustForwarded = app.Services.GetRequiredService<NetworkSettings>().TrustForwarded;
        app.Use((context, next) =>
        {
            CallerScope.Set(context.User.Repositories()); // SECURITY: the token's repository scope for everything this request touches
            AuditCaller.Set(new AuditCaller(context.User.RoleName(), ClientAddress.Of(context, trustForwarded)?.ToString() ?? ClientAddress.Unknown));
            return next(context);
        });
        app.UseLockdown();
        app.UseAuthorization();
        app.UseToolScope(); // a token scoped to some tools reaches only the endpoints mirroring them
        app.UseFailureEvidence();
        app.UseActionsResponseLimit(); // answers to the actions token fit ChatGPT Actions' 100,000 characters
        app.MapOrchestratorEndpoints();
        return app;
    }

    public static IEndpointRouteBuilder MapOrchestratorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapStatusEndpoints();
        app.MapOAuthEndpoints();
        app.MapAuditEndpoints();
        app.MapRepositoryEndpoints();
        app.MapAllowlistEndpoints();
        app.MapSecurityEndpoints();
        app.MapTokenEndpoints();
        app.MapVitaminizeEndpoints();
        app.MapServiceControlEndpoints();
        app.MapTreeEndpoints();
        app.MapFileEndpoints();
        app.MapSearchEndpoints();
        app.MapDiffEndpoints();
        app.MapHistoryEndpoints();
        app.MapOrchestratorOpenApi();
        app.MapOrchestratorMcp();
        // Unknown paths: 404 problem+json for a valid token; without one the reader policy answers 401 first.
        app.MapFallback(() => new ProblemResult(Problem.NotFound("No endpoint at this path.")))
            .RequireReader().ProducesProblems(StatusCodes.Status404NotFound).ExcludeFromDescription();
        return app;
    }
}
