using ModelContextProtocol.Protocol;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// A tools/call the fast path (<see cref="McpFastPath.Prepare"/>) has accepted and bound: the request's id, the tool
/// method and its parameter values (the caller's principal and the call's cancellation token among them). Preparing is
/// synchronous so a transport can decide, before anything runs, whether the call is its own or the SDK's.
/// </summary>
internal sealed class McpFastInvocation(RequestId id, McpFastTool tool, object?[] values)
{
    public RequestId Id { get; } = id;

    /// <summary>Runs the tool method with services from <paramref name="services"/>, as the SDK runs it.</summary>
    public Task<CallToolResult> InvokeAsync(IServiceProvider services) => tool.InvokeAsync(services, values);
}
