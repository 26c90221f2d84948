namespace RepoOrchestrator.Mcp;

/// <summary>Endpoint metadata: requests carrying an `Origin` header must come from an allowed origin.</summary>
public sealed class McpOriginCheck
{
    public static readonly McpOriginCheck Instance = new();

    private McpOriginCheck()
    {
    }
}
