namespace RepoOrchestrator.Security.Panic;

/// <summary>Panic mode as the command line and dashboard show it: the flag, since when (ISO-8601 UTC) and the unresolved event count.</summary>
public sealed record PanicStatus(bool PanicMode, string? Since, int UnresolvedEvents);
