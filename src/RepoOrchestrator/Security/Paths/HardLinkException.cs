namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Raised when an opened regular file has more than one link and ORCH_ALLOW_HARDLINKS is off. An
/// <see cref="IOException"/> so that every fail-closed handler refuses it; /file names the rule in its answer.
/// </summary>
public sealed class HardLinkException : IOException
{
    public const string Detail =
        "Hard links are not served: the file has more than one link, so its bytes may belong to a file outside the repository (an operator can allow hard links with ORCH_ALLOW_HARDLINKS=true).";

    public HardLinkException()
        : base("The file has more than one link.")
    {
    }

    public HardLinkException(string message)
        : base(message)
    {
    }

    public HardLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
