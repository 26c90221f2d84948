namespace RepoOrchestrator.Git;

/// <summary>Operational log lines of the git sandbox: git's own words stay here, never in a response.</summary>
internal static partial class GitLog
{
    [LoggerMessage(EventId = 8100, Level = LogLevel.Warning, Message = "Refused a git read: {Problem}")]
    public static partial void GitDirRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "git {Command} failed with exit code {ExitCode}: {Text}")]
    public static partial void Failed(ILogger logger, string command, int exitCode, string text);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Error,
        Message = "git {Command} refused the repository as owned by another user even with safe.directory given for it; check the repository's ownership and permissions: {Text}")]
    public static partial void Ownership(ILogger logger, string command, string text);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "git {Command} timed out after {Seconds} s and was killed")]
    public static partial void TimedOut(ILogger logger, string command, int seconds);
}
