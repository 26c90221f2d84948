using System.Text.RegularExpressions;

namespace RepoOrchestrator.Errors;

/// <summary>
/// Takes `X-Correlation-ID` from the request (when it is a short, safe token) or makes one, and returns it on
/// every response, errors included, so an operator can tie a client's report to audit and log lines.
/// </summary>
public sealed partial class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-ID";
    private static readonly object ItemKey = new();

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incoming = context.Request.Headers[HeaderName].ToString();
        // SECURITY: an incoming id is echoed into headers and logs, so only a short safe token is accepted.
        var id = incoming.Length is > 0 and <= 128 && SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }

    public static string Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string s ? s : context.TraceIdentifier;

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex SafeId();
}
