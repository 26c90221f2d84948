using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Audit;

/// <summary>`GET /ui/audit`: the last lines of the audit log; `GET /ui/audit/export`: a time range of it, streamed (admin).</summary>
public static class AuditEndpoints
{
    public const int MinLimit = 10;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        // SECURITY: the log spans every repository: only an admin token without a repository or tool scope reads it.
        app.MapGet("/ui/audit", GetAudit).RequireUnscopedAdmin().WithName("getAudit")
            .WithSummary("The last `limit` lines of the audit log (10-500, default 200), with their fields; with `op`, `actor` (a token name), `from` or `to` (ISO-8601), the last `limit` lines that match, searched through the whole log and its backups.");
        app.MapGet("/ui/audit/export", Export).RequireUnscopedAdmin().WithName("exportAudit")
            .WithSummary("The audit lines between `from` and `to` (ISO-8601, each optional: without both, the whole log with its backups), oldest first, as written, streamed as text/plain.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    private static async Task<Results<Ok<AuditLinesResponse>, ProblemResult>> GetAudit(
        AuditQuery query, CancellationToken ct, int limit = 200, string? op = null, string? actor = null, string? from = null, string? to = null)
    {
        if (limit is < MinLimit or > MaxLimit)
        {
            return new ProblemResult(Problem.BadRequest($"Query parameter 'limit' must be between {MinLimit} and {MaxLimit}."));
        }

        if (RangeProblem(from, to) is { } problem)
        {
            return new ProblemResult(problem);
        }

        _ = TryParseBound(from, out var start);
        _ = TryParseBound(to, out var end);
        return TypedResults.Ok(await query.RunAsync(limit, new AuditFilter(op, actor, start, end), ct));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemResult>> Export(string? from, string? to, AuditExport export, AuditLog audit, TimeProvider time, HttpContext context)
    {
        if (RangeProblem(from, to) is { } problem)
        {
            return new ProblemResult(problem);
        }

        _ = TryParseBound(from, out var start);
        _ = TryParseBound(to, out var end);

        // The export is itself audited, before a byte leaves: who took which range.
        await audit.OperationAsync("AUDIT_EXPORT", context.User.Actor(), range: $"{from ?? "start"}..{to ?? "end"}");
        var name = $"orchestrator-audit-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.log";
        return TypedResults.Stream(async body =>
        {
            var writer = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024);
            await using (writer.ConfigureAwait(false))
            {
                await foreach (var line in export.LinesAsync(start, end, context.RequestAborted).ConfigureAwait(false))
                {
                    await writer.WriteAsync(line).ConfigureAwait(false);
                    await writer.WriteAsync('\n').ConfigureAwait(false);
                }
            }
        }, "text/plain; charset=utf-8", name);
    }

    /// <summary>A date, or a date and time (minutes, seconds, fractions), each with `Z`, an offset, or neither (UTC).</summary>
    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>400 when `from` or `to` is not an ISO-8601 time, or `from` is after `to`.</summary>
    private static Problem? RangeProblem(string? from, string? to)
    {
        if (!TryParseBound(from, out var start) || !TryParseBound(to, out var end))
        {
            return Problem.BadRequest("Query parameters 'from' and 'to' are ISO-8601 times, e.g. 2026-01-31T08:00:00Z; leave both out for the whole log.");
        }

        return start > end ? Problem.BadRequest("Query parameter 'from' must not be after 'to'.") : null;
    }

    private static bool TryParseBound(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        // ISO-8601 only, with a date: a lenient parse would read "1/2/2026" by culture rules and fill a bare "10:00" with
        // today's date from the wall clock, not from the service's TimeProvider.
        if (!DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
