namespace RepoOrchestrator.Processes;

/// <summary>
/// A child process to run: the program, its arguments (passed one by one, never through a shell), the
/// working directory, extra environment variables, and a cap on captured output. With
/// <paramref name="ReplaceEnvironment"/> the child gets exactly <paramref name="Environment"/> and nothing
/// of the service's own environment.
/// </summary>
public sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    int MaxOutputChars = 4 * 1024 * 1024,
    bool ReplaceEnvironment = false);
