using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Snapshots;

public sealed class SnapshotTraceTests
{
    [Fact]
    public async Task File_PartialRedactedRead_OperationalLogNamesTheSnapshotThatHoldsTheFileBytes()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        // The per-read line is Debug (docs/OPERATIONS.md): the operator turns it on for the Files category.
        app.With("Logging:LogLevel:RepoOrchestrator.Files", "Debug").WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        var token = ReadPathTestKit.FakeGitHubToken();
        var text = $"a = 1\ntoken = \"{token}\"\nb = 2\n";
        await app.RepoWith(("cfg.py", text));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=cfg.py&start_line=2&end_line=3");
        var bodyHash = response.Headers.GetValues("X-Content-SHA256").Single();

        var served = Assert.Single(logs.Messages, m => m.Contains("from snapshot", StringComparison.Ordinal));
        var snapshotId = ReadPathTestKit.Sha256(text);
        Assert.Contains($"from snapshot {snapshotId}", served, StringComparison.Ordinal);
        Assert.Contains(bodyHash, served, StringComparison.Ordinal);
        Assert.Contains($"| HASH:{bodyHash} |", Assert.Single(app.AuditLines("READ_SNAPSHOT")), StringComparison.Ordinal);
        Assert.Equal(text, await File.ReadAllTextAsync(Path.Combine(app.Home, ".orch_snapshots", snapshotId)));
    }

    [Fact]
    public async Task File_ByDefault_WritesNoOperationalLogLinePerRead()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        await app.RepoWith(("a.py", "x = 1\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/file?path=a.py");

        Assert.Single(app.AuditLines("READ_SNAPSHOT")); // the audit log is the per-read record
        Assert.DoesNotContain(logs.Messages, m => m.Contains("from snapshot", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
