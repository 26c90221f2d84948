using System.Text;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Actions;

/// <summary>
/// ChatGPT Actions refuse an answer over 100,000 characters. Every HTTP answer to the read-only (actions) token —
/// the token a GPT holds — is held to <see cref="MaxBodyBytes"/> (UTF-8 bytes bound the characters from above),
/// whatever ORCH_MAX_BYTES allows and whichever endpoint answers, and a cut answer says so and how to go on
/// (<see cref="ActionsBodyFitter"/>). The admin token and MCP (no such limit) are served as the services wrote them.
/// </summary>
internal sealed class ActionsResponseLimit(RequestDelegate next)
{
    public const int MaxCharacters = 100_000;

    /// <summary>The byte budget of one answer, with headroom under <see cref="MaxCharacters"/>.</summary>
    public const int MaxBodyBytes = 96_000;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Role() != OrchestratorRole.Actions || context.Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (body.Length > MaxBodyBytes && context.Response.StatusCode is >= 200 and < 300)
        {
            var fitted = ActionsBodyFitter.Fit(Encoding.UTF8.GetString(body.Span), context.Response.ContentType, context.Request, MaxBodyBytes);
            body = Encoding.UTF8.GetBytes(fitted);
            context.Response.ContentLength = body.Length;
            context.Response.Headers["X-Actions-Truncated"] = "true";
            // The service's own continuation pointed past what this cut removed; the body now says how to go on.
            context.Response.Headers[Reading.TruncationHeaders.Truncated] = "true";
            context.Response.Headers.Remove(Reading.TruncationHeaders.Next);
        }

        if (body.Length > 0)
        {
            await original.WriteAsync(body, context.RequestAborted);
        }
    }
}

/// <summary>Wires <see cref="ActionsResponseLimit"/> after authorization, where the caller's role is known.</summary>
public static class ActionsResponseLimitSetup
{
    public static IApplicationBuilder UseActionsResponseLimit(this IApplicationBuilder app) => app.UseMiddleware<ActionsResponseLimit>();
}
