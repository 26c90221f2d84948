using ModelContextProtocol.Protocol;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Runs every tool body. Services answer expected failures as values (McpToolResults.From maps them); a failure
/// thrown from deep inside a step or by the door itself (<see cref="ApiProblemException"/>: no token, the wrong role)
/// becomes the same `isError` result with its status and detail. An unexpected one is treated like an unhandled exception of an endpoint
/// (SPEC 4): logged with its stack trace, reported to the failure observers (panic mode, the audit PANIC line)
/// when a request is behind the call, and answered with a result that holds no internals.
/// </summary>
public sealed partial class McpToolRunner(
    ILogger<McpToolRunner> logger,
    FailureReporter failures,
    IHttpContextAccessor? httpContext = null,
    RedactionBudgetLimits? budgetLimits = null)
{
    public const string FailureText = "Internal System Failure";

    public Task<CallToolResult> RunAsync(string tool, Func<CallToolResult> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunAsync(tool, () => Task.FromResult(body()));
    }

    public async Task<CallToolResult> RunAsync(string tool, Func<Task<CallToolResult>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        // SECURITY: one redaction budget per tool call (stdio or HTTP); a call never inherits its session's budget.
        using var budget = RedactionBudget.BeginRequest(budgetLimits ?? RedactionBudgetLimits.Default);

        try
        {
            return await body();
        }
        catch (ApiProblemException problem)
        {
            return McpToolResults.Error(problem.Problem);
        }
        catch (StorageFaultException fault)
        {
            // Not a failure of the service (no PANIC event): the read could not be audited or snapshotted.
            return McpToolResults.Error(new Problem(fault.Status, fault.Detail, fault.ProblemType));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var context = httpContext?.HttpContext;
            var correlationId = context is null ? Guid.NewGuid().ToString("N") : CorrelationIdMiddleware.Get(context);
            LogToolFailed(logger, ex, tool, correlationId);
            if (context is not null)
            {
                await failures.ReportAsync(context, ex, correlationId);
            }

            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = $"Error 500: {FailureText} (correlation id {correlationId})" }],
            };
        }
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Error, Message = "MCP tool {Tool} failed (correlation {CorrelationId})")]
    private static partial void LogToolFailed(ILogger logger, Exception ex, string tool, string correlationId);
}
