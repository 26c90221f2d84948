using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Dashboard;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.OpenApi;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.ServiceControl;
using RepoOrchestrator.State;
using RepoOrchestrator.Status;
using RepoOrchestrator.Vitaminize;

namespace RepoOrchestrator.Hosting;

/// <summary>All registrations in one place; TryAdd so tests can replace a part (the clock, the process runner).</summary>
public static class OrchestratorServices
{
    public static IServiceCollection AddOrchestrator(this IServiceCollection services)
    {
        services.AddOptions<OrchestratorOptions>()
            .Configure<IConfiguration>((o, config) => OrchestratorOptionsBinder.Bind(o, config, Environment.CurrentDirectory))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestratorOptions>, OrchestratorOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OrchestratorOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);

        // First hosted service: the home's state is checked (and lockdown restored) before anything else starts.
        services.TryAddSingleton<HomeStartupCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<HomeStartupCheck>());
        services.TryAddSingleton<StateStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<RepositoryService>();
        services.TryAddSingleton<AllowlistStore>();
        services.TryAddSingleton<StatusService>();
        services.TryAddSingleton<Errors.StorageHealth>();
        services.TryAddSingleton<Processes.IProcessRunner, Processes.ProcessRunner>();
        ReadPath.ReadPathRegistration.AddReadPath(services);

        services.AddOrchestratorAuthentication();
        services.AddSelfDefence();
        services.AddRedaction();
        services.AddVitaminize();
        services.AddServiceControl();
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddHostedService<StartupBanner>();
        services.AddDashboard();
        services.AddOrchestratorOpenApi();
        services.AddOrchestratorMcp();
        return services;
    }
}
