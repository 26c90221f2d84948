using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RepoOrchestrator.Hosting;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// `repo-orchestrator mcp` in this process: the host the command builds (<see cref="McpStdioServer.Build"/>), its
/// standard input and output replaced by pipes the test writes and reads line by line, and its services reachable
/// (to switch the fast path off and count its answers). A repository `app` with the given files is the active one.
/// </summary>
internal sealed class McpStdioHost : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _root = new("orch-stdio");
    private readonly Pipe _input = new();
    private readonly Pipe _output = new();
    private readonly Stream _writer;
    private readonly StreamReader _reader;
    private IHost? _host;

    private McpStdioHost()
    {
        _writer = _input.Writer.AsStream();
        _reader = new StreamReader(_output.Reader.AsStream(), new UTF8Encoding(false));
    }

    public string Home => _root.Combine(".orch-home");

    public string AuditLog => File.ReadAllText(Path.Combine(Home, "logs", "orchestrator_audit.log"));

    /// <summary>Starts the host over a repository holding <paramref name="files"/>; <paramref name="settings"/> are more `--ORCH_…=` arguments.</summary>
    public static async Task<McpStdioHost> StartAsync(IEnumerable<(string Path, string Text)> files, params string[] settings)
    {
        var stdio = new McpStdioHost();
        var repo = new TempGitRepo(stdio._root.Path, "app");
        foreach (var (path, text) in files)
        {
            repo.Write(path, text);
        }

        repo.Commit("files");
        string[] args = ["mcp", $"--ORCH_HOME={stdio.Home}", $"--ORCH_REPO_ROOT={stdio._root.Path}", .. settings];
        stdio._host = McpStdioServer.Build(args, () => stdio._input.Reader.AsStream(), () => stdio._output.Writer.AsStream());
        await stdio._host.StartAsync();
        return stdio;
    }

    public T Service<T>()
        where T : notnull => _host!.Services.GetRequiredService<T>();

    /// <summary>initialize with <paramref name="version"/>, its answer read, then notifications/initialized and select_repo of `app`.</summary>
    public async Task InitializeAsync(string version, string clientName = "stdio-fast", string clientVersion = "1.2")
    {
        var init = await ExchangeAsync($$$$"""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"{{{{version}}}}","capabilities":{},"clientInfo":{"name":"{{{{clientName}}}}","version":"{{{{clientVersion}}}}"}}}""");
        Assert.Contains("\"result\"", init, StringComparison.Ordinal);
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        var selected = await ExchangeAsync("""{"jsonrpc":"2.0","id":"select","method":"tools/call","params":{"name":"select_repo","arguments":{"path":"app"}}}""");
        Assert.DoesNotContain("\"isError\":true", selected, StringComparison.Ordinal);
    }

    /// <summary>Waits (bounded) until the active repository's index is ready: answers that say whether it is are then stable.</summary>
    public async Task WaitForIndexAsync()
    {
        var manager = Service<RepoOrchestrator.Index.IndexManager>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (manager.Status().State != "ready")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the index was not ready within 60 s: " + manager.Status());
            await Task.Delay(20);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> as they are (a line that need not be UTF-8).</summary>
    public async Task SendBytesAsync(byte[] bytes)
    {
        await _writer.WriteAsync(bytes);
        await _writer.FlushAsync();
    }

    public async Task SendAsync(string line)
    {
        await _writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await _writer.FlushAsync();
    }

    /// <summary>The next line of standard output (bounded: a missing answer fails the test, it does not hang it).</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var line = await _reader.ReadLineAsync(timeout.Token);
        Assert.NotNull(line);
        return line;
    }

    public async Task<string> ExchangeAsync(string line)
    {
        await SendAsync(line);
        return await ReadLineAsync();
    }

    /// <summary>The `id` of an answer, as its JSON text.</summary>
    public static string IdOf(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("id").GetRawText();

    /// <summary>Ends standard input (the client closed its end).</summary>
    public async Task CloseInputAsync() => await _input.Writer.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        await _input.Writer.CompleteAsync();
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(ReplyTimeout);
            await _host.StopAsync(timeout.Token);
            _host.Dispose();
        }

        _reader.Dispose();
        _root.Dispose();
    }
}
