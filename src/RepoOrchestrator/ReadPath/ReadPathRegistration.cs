using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Diff;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.Search;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Snapshots;
using RepoOrchestrator.Tree;

namespace RepoOrchestrator.ReadPath;

/// <summary>
/// Registers the read path (guard, snapshots, file, tree, search, diff, git) and maps its endpoints. The
/// redactor (<c>ITextRedactor</c>) is registered by the redaction feature.
/// </summary>
public static class ReadPathRegistration
{
    public static IServiceCollection AddReadPath(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceFiles>();
        services.TryAddSingleton<ServedFileRule>();
        services.TryAddSingleton<PathGuard>();
        services.TryAddSingleton<RepositoryWalker>();
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotCleanupService>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotCleanupService>());
        services.TryAddSingleton<GitRunner>();
        services.TryAddSingleton<FileReadService>();
        services.TryAddSingleton<TreeService>();
        services.TryAddSingleton<SearchService>();
        services.TryAddSingleton<DiffService>();
        return services;
    }

    public static IEndpointRouteBuilder MapReadPathEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTreeEndpoints();
        app.MapFileEndpoints();
        app.MapSearchEndpoints();
        app.MapDiffEndpoints();
        return app;
    }
}
