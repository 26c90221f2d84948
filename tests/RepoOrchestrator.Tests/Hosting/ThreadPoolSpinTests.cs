namespace RepoOrchestrator.Tests.Hosting;

/// <summary>The service's thread-pool workers sleep at once instead of spinning (issue 19: the spinning took 5-9 % of its CPU per MCP call).</summary>
public sealed class ThreadPoolSpinTests
{
    [Fact]
    public void RuntimeConfig_OfTheService_TurnsThreadPoolSpinningOff()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.runtimeconfig.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
