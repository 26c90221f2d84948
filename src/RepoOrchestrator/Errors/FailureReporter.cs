namespace RepoOrchestrator.Errors;

/// <summary>
/// The failure-observer loop, in one place for both doors (Errors/ErrorHandlingMiddleware for HTTP,
/// Mcp/McpToolRunner for MCP tools): every <see cref="IFailureObserver"/> (panic mode, the audit PANIC line) hears
/// about an unhandled failure; an observer that fails is logged and the others still run.
/// </summary>
public sealed partial class FailureReporter(IEnumerable<IFailureObserver> observers, ILogger<FailureReporter> logger)
{
    public async Task ReportAsync(HttpContext context, Exception exception, string correlationId)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnUnhandledFailureAsync(context, exception, correlationId);
            }
            catch (Exception observerFailure)
            {
                LogObserverFailed(logger, observerFailure, correlationId);
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "A failure observer failed (correlation {CorrelationId})")]
    private static partial void LogObserverFailed(ILogger logger, Exception ex, string correlationId);
}
