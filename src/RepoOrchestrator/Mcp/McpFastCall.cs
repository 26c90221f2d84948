using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// A `tools/call` request in the one shape <see cref="McpFastPath"/> answers: an object with exactly `jsonrpc` ("2.0"),
/// `id` (a string or a whole number that fits 64 bits), `method` ("tools/call") and `params`, whose only members are
/// `name` (a string) and, optionally, `arguments` (an object); no member twice anywhere in the envelope or arguments.
/// Any other shape (`_meta`, a progress token, a task, a duplicate) is null: the SDK's to answer.
/// </summary>
internal sealed record McpFastCall(RequestId Id, string Tool, Dictionary<string, JsonElement> Arguments)
{
    /// <summary>A request id as the fast path takes one: a string, or a whole number that fits 64 bits; else null.</summary>
    public static RequestId? IdOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new RequestId(value.GetString()!),
        JsonValueKind.Number when value.TryGetInt64(out var number) => new RequestId(number),
        _ => null,
    };

    public static McpFastCall? Read(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        RequestId? id = null;
        JsonElement parameters = default;
        int seen = 0, members = 0;
        foreach (var member in message.EnumerateObject())
        {
            members++;
            switch (member.Name)
            {
                case "jsonrpc" when member.Value.ValueKind == JsonValueKind.String && member.Value.ValueEquals("2.0"):
                    seen |= 1;
                    break;
                case "method" when member.Value.ValueKind == JsonValueKind.String && member.Value.ValueEquals("tools/call"):
                    seen |= 2;
                    break;
                case "id" when IdOf(member.Value) is { } value:
                    id = value;
                    seen |= 4;
                    break;
                case "params" when member.Value.ValueKind == JsonValueKind.Object:
                    parameters = member.Value;
                    seen |= 8;
                    break;
                default:
                    return null;
            }
        }

        if (seen != 15 || members != 4 || id is not { } requestId)
        {
            return null;
        }

        string? tool = null;
        Dictionary<string, JsonElement>? arguments = null;
        foreach (var member in parameters.EnumerateObject())
        {
            switch (member.Name)
            {
                case "name" when tool is null && member.Value.ValueKind == JsonValueKind.String:
                    tool = member.Value.GetString();
                    break;
                case "arguments" when arguments is null && member.Value.ValueKind == JsonValueKind.Object:
                    arguments = Members(member.Value);
                    if (arguments is null)
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }
        }

        return tool is null ? null : new McpFastCall(requestId, tool, arguments ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal));
    }

    private static Dictionary<string, JsonElement>? Members(JsonElement arguments)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in arguments.EnumerateObject())
        {
            if (!result.TryAdd(member.Name, member.Value))
            {
                return null; // a name twice: which one the SDK binds is its business
            }
        }

        return result;
    }
}
