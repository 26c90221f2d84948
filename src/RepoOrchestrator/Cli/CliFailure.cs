namespace RepoOrchestrator.Cli;

/// <summary>A command that cannot do what was asked; its message is the one line the operator sees on stderr.</summary>
internal sealed class CliFailure(string message) : Exception(message);
