using Microsoft.EntityFrameworkCore;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.OAuth;

/// <summary>Creates the OAuth store's file 0600 before SQLite opens it, and its tables at start-up.</summary>
internal sealed class OAuthStore(IServiceScopeFactory scopes) : IHostedService
{
    public static string CreatePrivately(string path)
    {
        if (!File.Exists(path))
        {
#pragma warning disable RS0030 // owner: the OAuth server owns its store file
            using var created = new FileStream(path, HomeFiles.Options(FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite));
#pragma warning restore RS0030
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            HomeFiles.Tighten(path + suffix); // SECURITY: the store holds refresh-token records: owner only
        }

        return path;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OAuthDbContext>().Database.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
