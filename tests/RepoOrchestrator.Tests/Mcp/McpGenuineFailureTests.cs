using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 15: refusing malformed input must not hide bugs. An exception from our own tool code, even an
/// <see cref="ArgumentException"/> (the type the SDK's binder throws), is still an internal failure counted by the panic observer.
/// </summary>
public sealed class McpGenuineFailureTests
{
    [Fact]
    public async Task ToolBody_ThrowsArgumentException_IsStillAnInternalFailureWithAPanicEvent()
    {
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddMcpServer().WithTools<BrokenTool>());
        await using var client = await app.ConnectInProcessAsync(TestRole.Admin);

        var result = await client.CallAsync(BrokenTool.Name, ("count", 2));

        Assert.True(result.IsError);
        Assert.Contains("Error 500: " + McpToolRunner.FailureText, result.Text(), StringComparison.Ordinal);
        var failure = Assert.Single(app.Service<PanicService>().RecentEvents());
        Assert.Equal(PanicService.FailureEventType, failure.Type);
    }

    [McpServerToolType]
    internal sealed class BrokenTool(McpToolRunner runner)
    {
        public const string Name = "broken_for_test";

        [McpServerTool(Name = Name)]
        [Description("Fails with a bug in its own body.")]
        public Task<CallToolResult> Run(int count) =>
            runner.RunAsync(Name, CallToolResult () => throw new ArgumentException($"bug in our code ({count})", nameof(count)));
    }
}
