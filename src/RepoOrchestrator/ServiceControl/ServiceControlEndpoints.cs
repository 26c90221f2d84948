using RepoOrchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.ServiceControl;

/// <summary>`/ui/service/status|restart|stop` (admin): the host's service manager for ORCH_SERVICE_NAME.</summary>
public static class ServiceControlEndpoints
{
    public static IServiceCollection AddServiceControl(this IServiceCollection services)
    {
        services.TryAddSingleton<IServiceManagerCommands>(_ =>
            OperatingSystem.IsWindows() ? new WindowsScmCommands()
            : OperatingSystem.IsLinux() ? new SystemdCommands()
            : new UnsupportedServiceManager());
        services.TryAddSingleton<ServiceControlService>();
        return services;
    }

    public static IEndpointRouteBuilder MapServiceControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ui/service").RequireAdmin();
        group.MapGet("/status", (ServiceControlService s, HttpContext c) => Run(s, c, ServiceAction.Status)).WithName("getServiceStatus").ProducesProblems(ServiceControlService.Failures)
            .WithSummary("The state of ORCH_SERVICE_NAME in the host's service manager (systemd or the Windows SCM).");
        group.MapPost("/restart", (ServiceControlService s, HttpContext c) => Run(s, c, ServiceAction.Restart)).WithName("restartService").ProducesProblems(ServiceControlService.Failures)
            .WithSummary("Ask the host's service manager to restart this service.");
        group.MapPost("/stop", (ServiceControlService s, HttpContext c) => Run(s, c, ServiceAction.Stop)).WithName("stopService").ProducesProblems(ServiceControlService.Failures)
            .WithSummary("Ask the host's service manager to stop this service.");
        return app;
    }

    private static async Task<Results<Ok<ServiceControlResult>, ProblemResult>> Run(ServiceControlService service, HttpContext context, ServiceAction action) =>
        (await service.RunAsync(action, context.User.Actor(), context.RequestAborted)).ToHttp(TypedResults.Ok);
}
