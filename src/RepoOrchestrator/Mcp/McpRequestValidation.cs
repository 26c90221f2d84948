using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace RepoOrchestrator.Mcp;

/// <summary>A JSON-RPC error for a malformed request: the code and a message naming the field and what it must be.</summary>
public sealed record McpRequestError(McpErrorCode Code, string Message);

/// <summary>
/// The shape every MCP request must have before the SDK deserializes it (issue 15): one JSON-RPC 2.0 object with a
/// string or integer `id`, a `method` and object `params`, and for the methods whose parameters the SDK binds to
/// required types (`initialize`, `tools/call`) those fields too. The SDK answers a shape it cannot bind with an
/// exception (a 500 and a PANIC event over HTTP, `-32603 An error occurred.` over stdio); this answers it with
/// -32600/-32602 and a message naming the field as the protocol spells it. Pure: shared by both transports.
/// </summary>
public static class McpRequestValidation
{
    /// <summary>Deeper JSON is refused before any deserializer walks it (MCP messages nest a handful of levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>The longest attacker-chosen name (method, tool, argument) echoed back in an error message.</summary>
    public const int MaxEchoedName = 64;

    /// <summary>The JSON-RPC envelope: `jsonrpc`, `id`, `method` and `params`; null when it is a request, notification or response the SDK can read.</summary>
    public static McpRequestError? ValidateEnvelope(JsonNode? message)
    {
        if (message is JsonArray)
        {
            return Invalid("Invalid Request: send one JSON-RPC request object per message; batches (JSON arrays) are not supported.");
        }

        if (message is not JsonObject envelope)
        {
            return Invalid("Invalid Request: the message must be a JSON object with `jsonrpc`, `id`, `method` and `params`.");
        }

        if (!IsString(envelope["jsonrpc"], out var version) || !string.Equals(version, "2.0", StringComparison.Ordinal))
        {
            return Invalid("Invalid Request: `jsonrpc` must be the string \"2.0\".");
        }

        if (envelope.ContainsKey("id") && !IsValidId(envelope["id"]))
        {
            return Invalid("Invalid Request: `id` must be a string or an integer.");
        }

        var isResponse = envelope.ContainsKey("result") || envelope.ContainsKey("error");
        if (isResponse && !envelope.ContainsKey("method"))
        {
            return envelope.ContainsKey("id") ? null : Invalid("Invalid Request: a response needs the `id` of the request it answers.");
        }

        if (!IsString(envelope["method"], out var method) || method.Length == 0)
        {
            return Invalid("Invalid Request: `method` must be a string naming the MCP method, e.g. \"tools/list\".");
        }

        return envelope["params"] is null or JsonObject
            ? null
            : new McpRequestError(McpErrorCode.InvalidParams, "Invalid params: `params` must be an object.");
    }

    /// <summary>
    /// The parameters of <paramref name="method"/> that the SDK binds to required types; null when they are usable.
    /// Methods not listed here are left to the SDK, whose binding failures the filters turn into -32602 as well.
    /// </summary>
    public static McpRequestError? ValidateParams(string method, JsonNode? parameters) => method switch
    {
        "initialize" => ValidateInitialize(parameters),
        "tools/call" => ValidateCallTool(parameters),
        _ => parameters is null or JsonObject ? null : InvalidParams("`params` must be an object"),
    };

    /// <summary>The request's `id` when it has a usable one (to answer with), else null.</summary>
    public static JsonNode? IdOf(JsonNode? message) =>
        message is JsonObject envelope && IsValidId(envelope["id"]) ? envelope["id"]?.DeepClone() : null;

    /// <summary>A name from the request, cut so an error message cannot be made to carry a page of attacker text.</summary>
    public static string Echo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var cut = name.Length <= MaxEchoedName ? name : string.Concat(name.AsSpan(0, MaxEchoedName), "…");
        // SECURITY: no control characters (line breaks, escapes) from the request reach a log line or a message.
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    /// <summary>
    /// `$.capabilities.roots` (System.Text.Json's path of a binding failure inside `params`) as `params.capabilities.roots`,
    /// the way the protocol names the field; `params` when the path is unknown.
    /// </summary>
    public static string ParamsPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || !jsonPath.StartsWith('$') || jsonPath.Length == 1
            ? "params"
            : Echo("params" + jsonPath[1..]);

    private static McpRequestError? ValidateInitialize(JsonNode? parameters)
    {
        if (parameters is not JsonObject p)
        {
            return InvalidParams("initialize needs `params` as an object with `protocolVersion`, `capabilities` and `clientInfo`");
        }

        if (!IsString(p["protocolVersion"], out var version) || version.Length == 0)
        {
            return InvalidParams("`params.protocolVersion` must be a string, e.g. \"2025-06-18\"");
        }

        if (p["capabilities"] is not JsonObject)
        {
            return InvalidParams("`params.capabilities` must be an object (`{}` when the client offers none)");
        }

        if (p["clientInfo"] is not JsonObject client)
        {
            return InvalidParams("`params.clientInfo` must be an object with `name` and `version`");
        }

        if (!IsString(client["name"], out _))
        {
            return InvalidParams("`params.clientInfo.name` must be a string");
        }

        return IsString(client["version"], out _) ? null : InvalidParams("`params.clientInfo.version` must be a string");
    }

    private static McpRequestError? ValidateCallTool(JsonNode? parameters)
    {
        if (parameters is not JsonObject p)
        {
            return InvalidParams("tools/call needs `params` as an object with `name` and `arguments`");
        }

        if (!IsString(p["name"], out var name) || name.Length == 0)
        {
            return InvalidParams("`params.name` must be a string naming a tool from tools/list");
        }

        return p["arguments"] is null or JsonObject ? null : InvalidParams("`params.arguments` must be an object mapping argument names to values");
    }

    private static bool IsValidId(JsonNode? id) =>
        id is JsonValue value && value.GetValueKind() switch
        {
            JsonValueKind.String => true,
            JsonValueKind.Number => value.TryGetValue<long>(out _),
            _ => false,
        };

    private static bool IsString(JsonNode? node, out string text)
    {
        text = "";
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            text = value.GetValue<string>();
            return true;
        }

        return false;
    }

    private static McpRequestError Invalid(string message) => new(McpErrorCode.InvalidRequest, message);

    private static McpRequestError InvalidParams(string what) => new(McpErrorCode.InvalidParams, $"Invalid params: {what}.");
}
