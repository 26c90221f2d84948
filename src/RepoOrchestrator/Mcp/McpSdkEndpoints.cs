namespace RepoOrchestrator.Mcp;

/// <summary>
/// The MCP SDK's Streamable HTTP endpoints (`MapMcp`), routed in a small pipeline of their own that is built on
/// the first request to `/mcp`. The main pipeline has already authenticated and authorised the request and run
/// the origin guard against the `/mcp` endpoint's metadata; this pipeline only picks the SDK handler for the
/// method and runs it.
/// </summary>
internal sealed class McpSdkEndpoints(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() => Build(services), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the SDK's endpoints have been built (for tests: not before the first `/mcp` request).</summary>
    public bool IsBuilt => _pipeline.IsValueCreated;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outer = context.GetEndpoint();
        context.SetEndpoint(null); // let the inner routing choose the SDK's endpoint for this method
        try
        {
            await _pipeline.Value(context);
        }
        finally
        {
            context.SetEndpoint(outer); // middleware unwinding after us sees the endpoint it authorised
        }
    }

    private static RequestDelegate Build(IServiceProvider services)
    {
        var builder = new ApplicationBuilder(services);
        builder.UseRouting();
        builder.UseEndpoints(endpoints => endpoints.MapMcp(McpSetup.Path));
        return builder.Build();
    }
}
