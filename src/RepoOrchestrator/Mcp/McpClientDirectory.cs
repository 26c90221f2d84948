using System.Text.Json.Nodes;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Which MCP client is behind a tool call, for the audit's `MCP_CLIENT:` field: the `clientInfo` (name and version) of
/// the latest `initialize` seen from the same token and client address. /mcp is stateless, so a tools/call carries no
/// session to hold it; this is the link. (Over stdio the one session knows its client: McpLocalOperator names it.) It is what the client says of itself (attacker-chosen text: the audit line
/// cleans it and this caps it), kept for at most <see cref="MaxEntries"/> callers, the oldest forgotten first.
/// </summary>
public sealed class McpClientDirectory
{
    public const int MaxEntries = 1024;
    public const int MaxPartLength = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _byCaller = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public static string Key(string actor, string? client) => actor + "\n" + (client ?? "");

    /// <summary>Remembers the client of <paramref name="message"/> when it is an `initialize` (a checked one: name and version strings).</summary>
    public void Observe(string key, JsonNode? message)
    {
        if (message is not JsonObject request || request["method"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || request["method"]!.GetValue<string>() != "initialize"
            || request["params"]?["clientInfo"] is not JsonObject info
            || info["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return;
        }

        var version = info["version"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? info["version"]!.GetValue<string>() : "?";
        var client = Describe(info["name"]!.GetValue<string>(), version);
        lock (_gate)
        {
            if (!_byCaller.ContainsKey(key))
            {
                _order.Enqueue(key);
                while (_order.Count > MaxEntries && _order.TryDequeue(out var oldest))
                {
                    _byCaller.Remove(oldest);
                }
            }

            _byCaller[key] = client;
        }
    }

    public string? Lookup(string key)
    {
        lock (_gate)
        {
            return _byCaller.GetValueOrDefault(key);
        }
    }

    /// <summary>`name/version`, each part capped (the audit line cleans what is left).</summary>
    public static string Describe(string name, string? version) => Cap(name ?? "?") + "/" + Cap(version ?? "?");

    private static string Cap(string text) => text.Length <= MaxPartLength ? text : text[..MaxPartLength];
}
