using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>The SDK's real MCP client against the service on real Kestrel (127.0.0.1, a free port).</summary>
internal static class McpTestClient
{
    /// <summary>Starts <paramref name="app"/> on Kestrel and returns its base address (ORCH_PORT=0: the OS picks the port).</summary>
    public static Uri StartKestrel(this OrchestratorApp app)
    {
        app.With("ORCH_PORT", "0");
        app.UseKestrel();
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(address);
        Assert.Equal("127.0.0.1", uri.Host);
        return uri;
    }

    public static Task<McpClient> ConnectAsync(Uri baseAddress, TestRole role, string? protocolVersion = null) =>
        ConnectAsync(baseAddress, role == TestRole.Admin ? OrchestratorApp.AdminToken : OrchestratorApp.ActionsToken, protocolVersion);

    public static async Task<McpClient> ConnectAsync(Uri baseAddress, string token, string? protocolVersion = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport, Options(protocolVersion));
    }

    /// <summary>
    /// The client's options: the service answers `server/discover`, so the probe gets a long timeout. With the SDK's
    /// short default, a loaded machine made the client fall back to the `initialize` handshake on some connections
    /// and not others, and results then differed in their `_meta` (the 2026-07-28 revision carries serverInfo there).
    /// </summary>
    private static McpClientOptions Options(string? protocolVersion = null) =>
        new() { ProtocolVersion = protocolVersion, DiscoverProbeTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// The SDK's client over the in-process test server: the same endpoint, pipeline and tools without a socket, for
    /// tests of what a tool does (transport behaviour is tested on real Kestrel with <see cref="StartKestrel"/>).
    /// </summary>
    public static Task<McpClient> ConnectInProcessAsync(this OrchestratorApp app, TestRole role) =>
        app.ConnectInProcessAsync(role == TestRole.Admin ? OrchestratorApp.AdminToken : OrchestratorApp.ActionsToken);

    /// <summary>As <see cref="ConnectInProcessAsync(OrchestratorApp, TestRole)"/>, with any bearer token (a named token).</summary>
    public static Task<McpClient> ConnectInProcessAsync(this OrchestratorApp app, string token) =>
        ConnectInProcessAsync(app.CreateClient(token));

    /// <summary>The SDK's client over an in-process test client the caller prepared (its token and headers); the client owns it.</summary>
    public static Task<McpClient> ConnectInProcessAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            ownsHttpClient: true);
        return McpClient.CreateAsync(transport, Options());
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, params (string Name, object? Value)[] arguments) =>
        client.CallToolAsync(tool, arguments.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal)).AsTask();

    /// <summary>All text blocks of a result, joined by newlines.</summary>
    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
