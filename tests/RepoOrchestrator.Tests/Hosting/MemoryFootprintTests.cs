using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>Parts the service never uses are not registered, so they cost no resident memory (issue 8).</summary>
public sealed class MemoryFootprintTests
{
    [Fact]
    public async Task DataProtection_IsNotRegistered_AndBearerAuthenticationStillWorks()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);
        using var anonymous = app.CreateClient();

        using var allowed = await admin.GetAsync(new Uri("/status", UriKind.Relative));
        using var refused = await anonymous.GetAsync(new Uri("/status", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(app.Services.GetService<IDataProtectionProvider>()); // no key ring, no XML stack, no key file
    }

    [Fact]
    public void RuntimeConfig_OfTheService_BoundsTheHeap_SkipsTheInstrumentedTier_AndCountsCallsFromTheStart()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.runtimeconfig.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(4L * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.Equal(1L * 1024 * 1024, properties.GetProperty("System.GC.RegionSize").GetInt64());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32()); // hot code tiers up during start-up work
    }
}
