namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// The tools a token may use: all its role allows, or the listed MCP tool names. It also limits HTTP: an endpoint that
/// mirrors a tool (<see cref="MirrorsToolMetadata"/>) needs that tool in scope, and one that mirrors none is refused to a
/// token with a tool scope (fail closed: a scope lists what is allowed, not what is forbidden).
/// </summary>
public sealed class ToolScope
{
    private ToolScope(IReadOnlyList<string> tools) => Tools = tools;

    public static ToolScope All { get; } = new([]);

    /// <summary>The tool names; empty means every tool of the role.</summary>
    public IReadOnlyList<string> Tools { get; }

    public bool IsAll => Tools.Count == 0;

    public bool Allows(string tool) => IsAll || Tools.Contains(tool, StringComparer.Ordinal);

    /// <summary>A scope from a comma-separated list of tool names (`--tools`, the store's column); null with a reason when a name is unknown.</summary>
    public static ToolScope? Parse(string? list, IReadOnlyCollection<string> known, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(known);
        refusal = null;
        var tools = (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tools.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
        {
            refusal = $"'{unknown.Replace("\n", "", StringComparison.Ordinal)}' is not a tool; the tools are {string.Join(", ", known.Order(StringComparer.Ordinal))}";
            return null;
        }

        return tools.Length == 0 ? All : new ToolScope(tools.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>A scope as the store holds it (checked when it was created): a name no tool has allows nothing.</summary>
    public static ToolScope FromStored(string? list)
    {
        var tools = (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return tools.Length == 0 ? All : new ToolScope(tools);
    }

    public override string ToString() => IsAll ? "*" : string.Join(',', Tools);
}

/// <summary>
/// Endpoint metadata: this HTTP endpoint does what the MCP tool <see cref="Tool"/> does (for tool scopes), or, with
/// <see cref="ItsOwnTools"/>, it serves tools and holds each call to the scope itself (/mcp).
/// </summary>
public sealed record MirrorsToolMetadata(string Tool)
{
    public const string ItsOwnTools = "*";
}
