namespace RepoOrchestrator.Mcp;

/// <summary>
/// The MCP SDK's Streamable HTTP endpoints (`MapMcp`), routed in a small pipeline of their own that is built on
/// the first request to `/mcp`. The main pipeline has already authenticated and authorised the request and run
/// the origin guard against the `/mcp` endpoint's metadata; this pipeline only picks the SDK handler and runs it.
/// Its endpoints carry the same metadata, so wherever they are listed they say the same as `/mcp`.
/// </summary>
internal sealed class McpSdkEndpoints(IServiceProvider services)
{
    private readonly Lock _gate = new();
    private RequestDelegate? _pipeline;

    /// <summary>Whether the SDK's endpoints have been built (for tests: not before the first `/mcp` request).</summary>
    public bool IsBuilt => Volatile.Read(ref _pipeline) is not null;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pipeline = Pipeline();
        var outer = context.GetEndpoint();
        context.SetEndpoint(null); // let the inner routing choose the SDK's endpoint
        try
        {
            // Malformed bodies are answered before the SDK reads them (issue 15): a client's mistake, never a 500.
            await McpHttpRequestGuard.RunAsync(context, pipeline);
        }
        finally
        {
            context.SetEndpoint(outer); // middleware unwinding after us sees the endpoint it authorised
        }
    }

    /// <summary>Built once; a build that throws is not kept, so the next request tries again.</summary>
    private RequestDelegate Pipeline()
    {
        if (Volatile.Read(ref _pipeline) is { } built)
        {
            return built;
        }

        lock (_gate)
        {
            if (_pipeline is null)
            {
                var builder = new ApplicationBuilder(services);
                builder.UseRouting();
                builder.UseEndpoints(endpoints => endpoints.MapMcp(McpSetup.Path).WithMcpEndpointMetadata());
                Volatile.Write(ref _pipeline, builder.Build());
            }

            return _pipeline;
        }
    }
}
