using System.Text.Json;

namespace RepoOrchestrator.Errors;

/// <summary>
/// The HTTP error boundary for what is not a value: services return expected failures as an <see cref="Outcome{T}"/>
/// (answered by <see cref="ProblemResult"/>), so what reaches this is a real crash, a storage fault, a binding failure,
/// a form over the framework's limits (400), or a <see cref="Problem"/> thrown from deep inside a step that escaped its
/// boundary (still answered as problem+json).
/// Unexpected failures become a bare 500 that holds no internals
/// (`{"error":"Internal System Failure","correlation_id":…}`); the stack trace goes to the operational log
/// only, and failure observers (panic mode) are told. A <see cref="StorageFaultException"/> (full disk, unusable
/// state store, audit log or snapshot folder) is not a failure of the service: it is answered 507/503 with a detail
/// naming the part and the cause, reported to the <see cref="IStorageFaultObserver"/> (the storage health of /health), and never counts toward lockdown.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(
    RequestDelegate next,
    ILogger<ErrorHandlingMiddleware> logger,
    FailureReporter failures)
{
    public async Task InvokeAsync(HttpContext context, IStorageFaultObserver health)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (ApiProblemException problem) when (!context.Response.HasStarted)
        {
            await ProblemResponses.WriteAsync(context, problem.Status, problem.Detail, problem.ProblemType);
        }
        catch (StorageFaultException fault) when (!context.Response.HasStarted)
        {
            ArgumentNullException.ThrowIfNull(health);
            // SECURITY: refused, not served unaudited or unsnapshotted; and not a PANIC failure, so a full disk
            // neither trips lockdown nor depends on which file filled up.
            health.Report(fault);
            LogStorageFault(logger, context.Request.Method, context.Request.Path, fault.Detail, fault.InnerException?.Message ?? "-", CorrelationIdMiddleware.Get(context));
            context.Response.Headers.RetryAfter = "10";
            await ProblemResponses.WriteAsync(context, fault.Status, fault.Detail, fault.ProblemType);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            // Binding failures name the parameter ("Failed to bind parameter \"int max_depth\" from \"x\"").
            var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
            await ProblemResponses.WriteAsync(context, status, bad.Message, "bad-request");
        }
        catch (InvalidDataException bad) when (!context.Response.HasStarted && context.Request.HasFormContentType)
        {
            // SECURITY: a form over ASP.NET Core's form limits (field count, key or value length; the OAuth endpoints read
            // forms before any token is checked) is the client's input: a 400, never a PANIC failure anyone could repeat.
            await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, $"The form body is over a limit: {bad.Message} Send a smaller form.", "bad-request");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer and nothing failed.
        }
        catch (Exception ex)
        {
            var correlationId = CorrelationIdMiddleware.Get(context);
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path, correlationId);
            await failures.ReportAsync(context, ex, correlationId);

            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["error"] = "Internal System Failure",
                ["correlation_id"] = correlationId,
            }));
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path} (correlation {CorrelationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, string method, string path, string correlationId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: {Detail} ({Cause}; correlation {CorrelationId})")]
    private static partial void LogStorageFault(ILogger logger, string method, string path, string detail, string cause, string correlationId);
}
