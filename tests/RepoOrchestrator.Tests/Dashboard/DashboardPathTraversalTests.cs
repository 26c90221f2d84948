using System.Net.Sockets;
using System.Text;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// The one place the URL path of a request becomes a file path is the static-file middleware over `wwwroot/` (public,
/// before authentication). Sent raw over a real socket (an HTTP client would clean the path first), a traversal out of
/// `wwwroot/` reaches nothing beside it: the executable's own files stay unserved.
/// </summary>
public sealed class DashboardPathTraversalTests
{
    [Theory]
    [InlineData("/../repo-orchestrator.deps.json")]
    [InlineData("/%2e%2e/repo-orchestrator.deps.json")]
    [InlineData("/%2E%2E/%2E%2E/repo-orchestrator.deps.json")]
    [InlineData("/..%2frepo-orchestrator.deps.json")]
    [InlineData("/..%5crepo-orchestrator.deps.json")]
    [InlineData("/css/../../repo-orchestrator.deps.json")]
    [InlineData("/css/%2e%2e/%2e%2e/appsettings.json")]
    public async Task StaticFiles_TraversalOutOfWwwroot_ServesNothingBesideIt(string target)
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.deps.json")), "the file the traversal aims at must exist");
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();

        var response = await RawGetAsync(address, target);

        var status = response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain(" 200 ", status, StringComparison.Ordinal);
        Assert.DoesNotContain("runtimeTarget", response, StringComparison.Ordinal); // the deps file's content
        Assert.DoesNotContain("\"Logging\"", response, StringComparison.Ordinal); // appsettings.json's content
    }

    [Fact]
    public async Task StaticFiles_RawRequest_StillServesTheDashboard()
    {
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();

        var response = await RawGetAsync(address, "/css/dashboard.css");

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal); // the raw request itself is well formed
    }

    private static async Task<string> RawGetAsync(Uri address, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
