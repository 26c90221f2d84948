namespace RepoOrchestrator.Hosting;

/// <summary>Start-up cannot go on; the message is the one line the operator sees (what is wrong, where, and the fix), exit code 2.</summary>
public sealed class StartupCheckException : Exception
{
    public StartupCheckException()
    {
    }

    public StartupCheckException(string message)
        : base(message)
    {
    }

    public StartupCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
