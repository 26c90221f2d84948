namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// The repository scope of the caller being served, set by each door once the caller is known: the HTTP pipeline
/// right after authentication (Hosting/OrchestratorPipeline), the MCP door when a tool call names its caller
/// (Mcp/McpCaller.From). It flows with the request or the tool call like the redaction budget does, and
/// Repositories/RepositoryService applies it to every repository a caller touches (the active one for a read,
/// one to select or open, the list). Code that runs for no caller (the command line, start-up) sees every repository.
/// </summary>
public static class CallerScope
{
    private static readonly AsyncLocal<RepositoryScope?> Scope = new();

    public static RepositoryScope Current => Scope.Value ?? RepositoryScope.All;

    /// <summary>Sets the scope for the rest of this request or tool call (the caller's async flow).</summary>
    public static void Set(RepositoryScope scope) => Scope.Value = scope ?? throw new ArgumentNullException(nameof(scope));

    public static string OutOfScopeDetail(string repository) =>
        $"This token may read only the repositories {Current}; '{repository}' is not one of them. "
        + "The operator sets a token's repositories with 'repo-orchestrator token create <name> --repos …'.";
}
