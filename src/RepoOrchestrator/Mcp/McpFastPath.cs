using System.Collections.Frozen;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Answers the plain `tools/call` of a read tool on `POST /mcp` without the SDK's per-request server (issue 19: that
/// server, its session handler and its JSON pipeline were about a third of the service's CPU per HTTP call). It runs
/// after the whole main pipeline (origin guard, token, rate limit, lockdown, role and tool-scope policy, audit caller)
/// and after <see cref="McpHttpRequestGuard"/> has admitted the body, and it calls the same tool method with the same
/// schema check, role and tool-scope allowlist (<see cref="McpToolAccess.Allows"/>) and result the SDK would; its
/// answer is byte for byte the SDK's (McpFastPathTests compares them). It answers only what it is sure of: a request
/// of a known protocol version, no session, an Accept that names both JSON and event streams, one envelope with
/// exactly `jsonrpc`, `id`, `method` and `params`, `params` with only `name` and `arguments`, a tool the caller may
/// use whose arguments pass the schema and bind without doubt. Everything else returns false untouched and goes to
/// the SDK: initialize, notifications, other methods, `_meta`, errors of any kind before the tool runs.
/// </summary>
internal sealed class McpFastPath(IServiceProvider services)
{
    /// <summary>
    /// Revisions whose `tools/call` answer the SDK writes without anything of the request's beyond its id (a missing
    /// header means 2025-03-26 to the SDK). Newer revisions carry `_meta` that changes the answer: the SDK's.
    /// </summary>
    public static readonly FrozenSet<string> ProtocolVersions =
        FrozenSet.Create(StringComparer.Ordinal, "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    /// <summary>The tool classes whose methods this path may call (the read tools of SPEC 10).</summary>
    private static readonly Type[] ToolTypes = [typeof(McpReadTools)];

    /// <summary>Schema keywords the argument check (<see cref="McpToolArguments"/>) decides on; an argument whose schema has another one is the SDK's.</summary>
    private static readonly FrozenSet<string> CheckedKeywords = FrozenSet.Create(StringComparer.Ordinal,
        "description", "type", "default", "minimum", "maximum", "minLength", "maxLength", "enum", "items", "minItems", "maxItems");

    private readonly Lazy<FrozenDictionary<string, McpFastTool>> _tools = new(() => Build(services));

    private long _answered;

    /// <summary>On unless a test compares this path's answers with the SDK's.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many calls this path has answered (for tests: that it, not the SDK, answered), counted before each answer is written.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Answers <paramref name="message"/> (the body, parsed once by the guard) when it is a call this path is sure of; false (nothing written) otherwise.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext context, JsonElement message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled || !IsPlainRequest(context.Request)
            || Prepare(message, context.User, context.RequestAborted) is not { } call)
        {
            return false;
        }

        var result = await call.InvokeAsync(context.RequestServices);
        CountAnswered(); // before the answer leaves: a test that has read it sees the count
        await McpFastResponse.WriteAsync(context, call.Id, result);
        return true;
    }

    /// <summary>
    /// The call <paramref name="message"/> asks for, bound for <paramref name="user"/>, when this path is sure of it;
    /// null otherwise (the SDK's). The one decision behind both transports (HTTP here, stdio in McpStdioFastPath):
    /// the call's shape, a read tool, the caller's role and tool scope, the schema check and a binding without doubt.
    /// </summary>
    public McpFastInvocation? Prepare(JsonElement message, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Enabled
            || McpFastCall.Read(message) is not { } call
            || !_tools.Value.TryGetValue(call.Tool, out var tool)
            || !McpToolAccess.Allows(user, call.Tool) // SECURITY: the SDK answers a tool this caller may not use (-32602)
            || !Checked(tool, call.Arguments)
            || !tool.TryBind(call.Arguments, user, cancellationToken, out var values))
        {
            return null;
        }

        return new McpFastInvocation(call.Id, tool, values);
    }

    /// <summary>Counts one answer written by a transport's fast path.</summary>
    public void CountAnswered() => Interlocked.Increment(ref _answered);

    /// <summary>The SDK's argument check would let the call through: the schema check passes and every argument is one it fully decides.</summary>
    private static bool Checked(McpFastTool tool, Dictionary<string, JsonElement> arguments)
    {
        if (McpToolArguments.Check(tool.Schema, arguments) is not null)
        {
            return false; // the SDK answers the isError result naming the argument
        }

        var properties = tool.Schema.GetProperty("properties");
        foreach (var name in arguments.Keys)
        {
            foreach (var keyword in properties.GetProperty(name).EnumerateObject())
            {
                if (!CheckedKeywords.Contains(keyword.Name))
                {
                    return false; // e.g. `pattern`: left to the SDK's path
                }
            }
        }

        return true;
    }

    /// <summary>Headers under which the SDK answers a tools/call with its plain JSON-RPC response, reframed as JSON by McpJsonResponse.</summary>
    private static bool IsPlainRequest(HttpRequest request)
    {
        if (request.Headers.ContainsKey("Mcp-Session-Id") || request.Headers.ContainsKey("Last-Event-ID"))
        {
            return false; // stateless: the SDK refuses a session id (400)
        }

        var version = request.Headers["MCP-Protocol-Version"];
        if (version.Count > 1 || (version.Count == 1 && !ProtocolVersions.Contains(version.ToString())))
        {
            return false;
        }

        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        bool json = false, stream = false;
        foreach (var media in accepted)
        {
            if (media.Parameters.Count != 0)
            {
                return false; // a quality or another parameter: the SDK's reading of it, not ours
            }

            json |= media.MediaType.Equals("application/json", StringComparison.Ordinal);
            stream |= media.MediaType.Equals("text/event-stream", StringComparison.Ordinal);
        }

        return json && stream;
    }

    private static FrozenDictionary<string, McpFastTool> Build(IServiceProvider services)
    {
        var registered = services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection;
        McpServerTool? Sdk(string name) => registered is not null && registered.TryGetPrimitive(name, out var tool) ? tool : null;
        return ToolTypes
            .SelectMany(type => McpFastTool.Of(type, Sdk))
            .Where(t => McpToolNames.ReadTools.Contains(t.Key)) // SECURITY: read tools only; admin tools always go through the SDK
            .ToFrozenDictionary(StringComparer.Ordinal);
    }
}
