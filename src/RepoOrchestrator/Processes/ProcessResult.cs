namespace RepoOrchestrator.Processes;

/// <summary>What a bounded child process did: exit code, captured output, and whether it was killed on timeout.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, bool OutputTruncated);
