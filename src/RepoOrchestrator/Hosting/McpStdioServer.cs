using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Mcp;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// `repo-orchestrator mcp`: the MCP tools over stdio for local desktop clients, on the same ORCH_HOME state,
/// configuration sources and services as the HTTP service. Standard output carries protocol frames only:
/// logs go to standard error and <see cref="Console.Out"/> is pointed there too, so no stray line corrupts them.
/// </summary>
public static class McpStdioServer
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        // The SDK writes frames to the raw stdout stream, not through Console.Out.
        Console.SetOut(Console.Error);
        try
        {
            using var host = Build(args, Console.OpenStandardInput, Console.OpenStandardOutput);
            // Options first (a bad value is one line), then the home, before the host resolves anything else.
            _ = host.Services.GetRequiredService<IOptions<Configuration.OrchestratorOptions>>().Value;
            await HomeStartupCheck.RunAsync(host.Services);
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {ex.Failures.FirstOrDefault() ?? ex.Message}");
            return 2;
        }
        catch (Errors.StorageFaultException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {ex.Detail}");
            return 2;
        }
        catch (StartupCheckException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {ex.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The host of `repo-orchestrator mcp` over <paramref name="standardInput"/> and <paramref name="standardOutput"/>
    /// (the console's streams; a test's pipes), not yet started.
    /// </summary>
    internal static IHost Build(string[] args, Func<Stream> standardInput, Func<Stream> standardOutput)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        OrchestratorApplication.HideStartFailureTrace(builder.Logging);

        builder.Services.AddOrchestrator();
        // The banner describes an HTTP listener; this process has none.
        foreach (var banner in builder.Services.Where(d => d.ImplementationType == typeof(StartupBanner)).ToList())
        {
            builder.Services.Remove(banner);
        }

        builder.Services.AddMcpServer()
            .WithStdioServerTransport()
            .WithRequestFilters(filters => filters.AddCallToolFilter(McpLocalOperator.Filter));
        // The SDK's stdio transport over checked standard input (issue 15): the last ITransport registered wins.
        builder.Services.AddSingleton<ITransport>(services => GuardedStdioTransport(services, standardInput(), standardOutput()));
        return builder.Build();
    }

    /// <summary>
    /// What `WithStdioServerTransport` builds, with malformed input lines answered before the SDK sees them and plain
    /// read-tool calls answered by the fast path (issue 19).
    /// </summary>
    private static StreamServerTransport GuardedStdioTransport(IServiceProvider services, Stream standardInput, Stream standardOutput)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var output = new McpStdioOutput(standardOutput);
        var fastPath = new McpStdioFastPath(services.GetRequiredService<McpFastPath>(), services, output, loggers.CreateLogger<McpStdioFastPath>());
        var input = new McpStdioInput(standardInput, output, loggers.CreateLogger<McpStdioInput>(), fastPath);
        var name = services.GetRequiredService<IOptions<McpServerOptions>>().Value.ServerInfo?.Name ?? "repo-orchestrator";
        return new StreamServerTransport(input, output, name, loggers);
    }
}
