using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Dashboard;
using RepoOrchestrator.Diff;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.History;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.OpenApi;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Search;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.ServiceControl;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.State;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tree;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestratorOptions>, TokenOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OrchestratorOptions>>().Value);
        services.AddSettingsByFeature();
        services.TryAddSingleton(TimeProvider.System);

        // First hosted service: the home's state is checked (and lockdown restored) before anything else starts.
        services.TryAddSingleton<HomeStartupCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<HomeStartupCheck>());
        services.TryAddSingleton<StateStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<RepositoryRoot>();
        services.TryAddSingleton<AuditExport>();
        services.TryAddSingleton<AuditQuery>();
        services.TryAddSingleton<Tokens.TokenAdministration>();
        services.TryAddSingleton<LastCommitTimes>();
        services.TryAddSingleton<RepositoryService>();
        services.TryAddSingleton<RepositoryCatalog>();
        services.TryAddSingleton<AllowlistStore>();
        services.TryAddSingleton<AllowlistEditor>();
        services.TryAddSingleton<StatusService>();
        services.TryAddSingleton<Storage.StorageHealth>();
        services.TryAddSingleton<Errors.FailureReporter>();
        services.TryAddSingleton<Errors.IStorageFaultObserver>(sp => sp.GetRequiredService<Storage.StorageHealth>());
        services.TryAddSingleton<Processes.IProcessRunner, Processes.ProcessRunner>();
        // The read pipeline's shared steps and their owners (docs/ARCHITECTURE.md); each read feature adds its service.
        services.TryAddSingleton<ServiceFiles>();
        services.TryAddSingleton<ServedFileRule>();
        services.TryAddSingleton<PathGuard>();
        services.TryAddSingleton<RepositoryWalker>();
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotCleanupService>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotCleanupService>());
        services.TryAddSingleton<GitRunner>();
        services.TryAddSingleton<ReadPipeline>();
        services.TryAddSingleton<Index.IndexManager>();
        services.AddHostedService(sp => sp.GetRequiredService<Index.IndexManager>());
        services.TryAddSingleton<Index.IndexReads>();
        services.AddTree();
        services.AddFiles();
        services.AddSearch();
        services.AddDiff();
        services.AddHistory();

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

    /// <summary>
    /// Settings by feature (docs/ARCHITECTURE.md): each feature takes the few settings it uses, all cut from the one
    /// bound and validated <see cref="OrchestratorOptions"/>. Only the composition roots (Configuration, Hosting, Cli)
    /// take the whole options; SettingsByFeatureTests enforces it.
    /// </summary>
    private static void AddSettingsByFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => ReadLimits.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => PathPolicy.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => SnapshotSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => AllowlistSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => AuditSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => PanicSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => RateLimitSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => NetworkSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => ServiceHome.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => RepositoryRootSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => SubprocessSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => ServiceControlSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => RedactionSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => ServiceFilePaths.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => TokenSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => OAuthSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
        services.TryAddSingleton(sp => IndexSettings.From(sp.GetRequiredService<OrchestratorOptions>()));
    }
}
