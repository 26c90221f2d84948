using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RepoOrchestrator.Hosting;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

public sealed class MemoryFootprintTests
{
    private const string EagerKeyRing = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    [Fact]
    public void WithoutEagerKeyRing_AfterAddAuthentication_RemovesOnlyTheKeyRingStartUp()
    {
        var services = new ServiceCollection();
        services.AddAuthentication();
        services.AddHostedService<NoOpHostedService>();
        Assert.Contains(services, d => d.ImplementationType?.FullName == EagerKeyRing); // still the name ASP.NET Core uses

        services.WithoutEagerKeyRing();

        Assert.DoesNotContain(services, d => d.ImplementationType?.FullName == EagerKeyRing);
        Assert.Contains(services, d => d.ImplementationType == typeof(NoOpHostedService));
    }

    [Fact]
    public async Task Service_StartedHost_RunsNoKeyRingStartUp()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        Assert.True((await client.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode);

        var hosted = app.Services.GetServices<IHostedService>().ToList();
        Assert.NotEmpty(hosted);
        Assert.DoesNotContain(hosted, h => h.GetType().FullName == EagerKeyRing);
    }

    [Fact]
    public void RuntimeConfig_OfTheService_BoundsTheGen0BudgetAndSkipsTheInstrumentedTier()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.runtimeconfig.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(4L * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }

    private sealed class NoOpHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
