using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Security.RateLimiting;

namespace RepoOrchestrator.Hosting;

/// <summary>Registrations and middleware of SPEC section 4: panic mode, lockdown, rate limiting, CORS.</summary>
public static class SelfDefenceSetup
{
    public static IServiceCollection AddSelfDefence(this IServiceCollection services)
    {
        services.TryAddSingleton<PanicService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvalidTokenObserver, InvalidTokenTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFailureObserver, FailureTracker>());
        services.TryAddSingleton<SecurityEventPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<SecurityEventPruner>());
        services.AddOrchestratorRateLimiting();
        services.AddOrchestratorCors();
        return services;
    }

    /// <summary>
    /// After rate limiting, the MCP origin guard and authentication (needs to know whether the token is valid), before
    /// authorization (<see cref="Hosting.OrchestratorPipeline.UseOrchestrator"/> holds the order).
    /// </summary>
    public static IApplicationBuilder UseLockdown(this IApplicationBuilder app) => app.UseMiddleware<LockdownMiddleware>();

    /// <summary>Just before the endpoints: only requests that will run an endpoint get their body buffered.</summary>
    public static IApplicationBuilder UseFailureEvidence(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyBufferingMiddleware>();
}
