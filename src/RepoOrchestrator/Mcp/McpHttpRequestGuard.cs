using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Checks a `POST /mcp` body before the MCP SDK reads it (issue 15). The SDK throws out of its transport on a wrong
/// content type or `initialize` parameters it cannot bind, which the error middleware must treat as a bug (500, a
/// PANIC event: three of them from a read-only token turned lockdown on). Here they are the client's mistake:
/// transport problems (content type, size) are 4xx problem+json; a body that is not one well-formed JSON-RPC request is
/// HTTP 400 with a JSON-RPC error body (-32700 parse error, -32600 invalid request, -32602 invalid params) naming the
/// field. A binding failure the SDK still throws is answered the same way. Nothing here is told to the failure observers.
/// </summary>
internal static partial class McpHttpRequestGuard
{
    /// <summary>A tools/call is a few hundred bytes and an initialize a few KB; nothing an MCP client sends comes near this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The most set aside for a body on the strength of its Content-Length (a tools/call is a few hundred bytes; below the large-object heap).</summary>
    private const int PresizedBytes = 64 * 1024;

    public const string ContentTypeDetail = "Send the JSON-RPC message with `Content-Type: application/json`.";

    public static readonly string TooLargeDetail = $"MCP request bodies are limited to {MaxBodyBytes / 1024} KiB: send one JSON-RPC message per request.";

    /// <summary>Runs <paramref name="sdk"/> when the body is an acceptable JSON-RPC message; otherwise answers the client itself.</summary>
    public static async Task RunAsync(HttpContext context, RequestDelegate sdk)
    {
        var (bytes, body, root) = await AdmitAsync(context);
        if (bytes is null)
        {
            return;
        }

        // Who the MCP client is, for the audit: its initialize is remembered per token and address (the transport is stateless).
        var clients = context.RequestServices.GetRequiredService<McpClientDirectory>();
        var key = McpClientDirectory.Key(context.User.Actor(), AuditCaller.Current?.Client);
        clients.Observe(key, body);
        if (clients.Lookup(key) is { } client && AuditCaller.Current is { } caller)
        {
            AuditCaller.Set(caller with { McpClient = client });
        }

        // A read tool's plain tools/call is answered without the SDK's per-request server, byte for byte as the SDK would (issue 19).
        if (await context.RequestServices.GetRequiredService<McpFastPath>().TryAnswerAsync(context, root))
        {
            return;
        }

        try
        {
            // One JSON body rather than a one-event stream when the answer allows it (issue 19: per-call cost).
            await McpJsonResponse.RunAsync(context, sdk);
        }
        catch (JsonException binding) when (!context.Response.HasStarted)
        {
            // SECURITY: the SDK could not bind the request's parameters: the client's input, never a PANIC failure.
            var error = new McpRequestError(McpErrorCode.InvalidParams, $"Invalid params: `{McpRequestValidation.ParamsPath(binding.Path)}` is missing or has the wrong type.");
            await RefuseAsync(context, error, McpRequestValidation.IdOf(body));
        }
    }

    /// <summary>The body and the parsed message (as a node and as the element it wraps); null bytes when the response has been written.</summary>
    private static async Task<(byte[]? Bytes, JsonNode? Message, JsonElement Root)> AdmitAsync(HttpContext context)
    {
        if (!IsJson(context.Request.ContentType))
        {
            await ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, ContentTypeDetail, "unsupported-media-type");
            return (null, null, default);
        }

        var bytes = await ReadBoundedAsync(context);
        if (bytes is null)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeDetail, "payload-too-large");
            return (null, null, default);
        }

        // The SDK reads the body again from the start; the PANIC hash of a later genuine failure reads it too.
        context.Request.Body = new MemoryStream(bytes, writable: false);

        var error = McpMessageParser.Parse(bytes, checkParams: true, out var message, out var root);
        if (error is not null)
        {
            await RefuseAsync(context, error, McpRequestValidation.IdOf(message));
            return (null, null, default);
        }

        return (bytes, message, root);
    }

    /// <summary>The whole body when it fits <see cref="MaxBodyBytes"/>; null when it does not.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // SECURITY: Kestrel stops reading past the cap (its own limit is 30 MB); the copy below stops too, for hosts without one.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes + 1L;
        }

        var body = context.Request.Body;
        if (body.CanSeek)
        {
            body.Seek(0, SeekOrigin.Begin);
        }

        // Sized for the announced length (checked above) and read through a pooled buffer: no per-request 16 KB
        // array, and no second copy when the body is exactly what was announced.
        // SECURITY: at most PresizedBytes before the bytes arrive: the header is the client's word, and a megabyte set
        // aside per request for a body that never comes is memory a hostile client spends nothing on.
        using var copy = new MemoryStream(context.Request.ContentLength is { } announced ? (int)Math.Min(announced, PresizedBytes) : 0);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > MaxBodyBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return copy.Length == copy.Capacity ? copy.GetBuffer() : copy.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    private static async Task RefuseAsync(HttpContext context, McpRequestError error, JsonNode? id)
    {
        LogRefusal(context, (int)error.Code, error.Message);
        var response = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["error"] = new JsonObject { ["code"] = (int)error.Code, ["message"] = error.Message },
        };
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), Encoding.UTF8, context.RequestAborted);
    }

    private static Task ProblemAsync(HttpContext context, int status, string detail, string type)
    {
        LogRefusal(context, status, detail);
        return ProblemResponses.WriteAsync(context, status, detail, type);
    }

    /// <summary>Information, without an exception: a refused request is the client's mistake, not an incident.</summary>
    private static void LogRefusal(HttpContext context, int code, string reason)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(McpHttpRequestGuard).FullName!);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var correlationId = CorrelationIdMiddleware.Get(context);
            LogRefused(logger, code, reason, correlationId);
        }
    }

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "POST /mcp refused with {Code}: {Reason} (correlation {CorrelationId})")]
    private static partial void LogRefused(ILogger logger, int code, string reason, string correlationId);
}
