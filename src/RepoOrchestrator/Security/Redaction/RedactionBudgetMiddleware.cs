namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Opens one <see cref="RedactionBudget"/> per HTTP request: every redaction the request causes (a file window,
/// each search hit of every file, a diff, git's error output) draws from it. MCP tool calls open their own in the
/// tool runner, because the MCP SDK may run a tool outside the HTTP request that carried it.
/// </summary>
internal sealed class RedactionBudgetMiddleware(RequestDelegate next, RedactionBudgetLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var budget = RedactionBudget.BeginRequest(limits); // SECURITY: one CPU budget per request, not per call
        await next(context);
    }
}
