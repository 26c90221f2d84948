using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>One captured log entry: category, level, formatted message and whether an exception (a stack trace) came with it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, bool HasException);

/// <summary>Captures every log entry of a test host (add it with <c>services.AddSingleton&lt;ILoggerProvider&gt;(…)</c>).</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception is not null));
    }
}
