using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Storage;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Panic;

namespace RepoOrchestrator.Status;

/// <summary>`/`, `/health`, `/status`, `/ui/status`.</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Root).AsPublic().DisableRateLimiting().AllowDuringLockdown().ExcludeFromDescription();
        app.MapGet("/health", Health).AsPublic().DisableRateLimiting().AllowDuringLockdown().WithName("getHealth")
            .WithSummary("Liveness probe; always public. 503 naming the failing part while the state store, the audit log or the snapshot folder is unusable.");
        app.MapGet("/status", GetStatus).RequireReader().MirrorsTool(McpToolNames.GetStatus).WithName("getStatus")
            .WithSummary("Service version, uptime and whether a repository root is set (with how to set one when it is not).");
        app.MapGet("/ui/status", GetUiStatus).RequireReader().WithName("getUiStatus")
            .WithSummary("Version, uptime, allowlist size, last audit line (admin only; null for the actions role) and service status.");
        return app;
    }

    private static Results<FileStreamHttpResult, Ok<HealthResponse>> Root(IWebHostEnvironment env)
    {
        // The dashboard when it is built into wwwroot/, else the health answer.
        var index = env.WebRootFileProvider.GetFileInfo("index.html");
        return index.Exists && index is not NotFoundFileInfo
            ? TypedResults.Stream(index.CreateReadStream(), "text/html; charset=utf-8")
            : TypedResults.Ok(new HealthResponse("ok"));
    }

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Health(StorageHealth storage) =>
        storage.Current() is { } fault
            ? TypedResults.Json(new HealthResponse("failing", StorageFaultException.NameOf(fault.Part), fault.Detail), statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(new HealthResponse("ok"));

    private static Ok<StatusResponse> GetStatus(StatusService status, HttpContext context) =>
        TypedResults.Ok(status.Status(context.User.Role() == OrchestratorRole.Admin));

    private static Ok<UiStatusResponse> GetUiStatus(StatusService status, HttpRequest request, HttpContext context) =>
        TypedResults.Ok(status.UiStatus(request.Headers.UserAgent.ToString(), context.User.Role() == OrchestratorRole.Admin, AuthenticationSetup.IsUnscoped(context.User)));
}
