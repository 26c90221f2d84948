namespace RepoOrchestrator.Reading;

/// <summary>Who asks for a read and through which door: the audit actor and the operation prefix ("" for HTTP, "MCP_").</summary>
public readonly record struct ReadCaller(string Actor, string OperationPrefix);
