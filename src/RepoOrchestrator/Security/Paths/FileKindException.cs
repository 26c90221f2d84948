namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// Raised when a file turns out not to be a regular file, or not the file that was checked, at open time. An
/// <see cref="IOException"/> so that every fail-closed handler refuses it.
/// </summary>
public sealed class FileKindException : IOException
{
    public FileKindException()
    {
    }

    public FileKindException(string message)
        : base(message)
    {
    }

    public FileKindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FileKindException(FileKind kind)
        : base($"Not a regular file ({kind}).")
    {
        Kind = kind;
    }

    public FileKind Kind { get; } = FileKind.Special;
}
