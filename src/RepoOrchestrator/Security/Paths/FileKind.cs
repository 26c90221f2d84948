namespace RepoOrchestrator.Security.Paths;

/// <summary>What a directory entry is, read without following a final symbolic link.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>FIFO, socket, character or block device: never opened.</summary>
    Special,
}
