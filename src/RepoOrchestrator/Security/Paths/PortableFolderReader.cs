using System.IO.Enumeration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The walk's fallback off Linux (Windows): lists a folder by its path with .NET's enumeration, skipping links
/// (reparse points) by their attributes. It has no descriptor to pin the folder with, so a folder swapped for a
/// link between two listings is caught only by the attribute check; the race-free walk is Linux's (see
/// docs/READ_PATH.md).
/// </summary>
internal static class PortableFolderReader
{
    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// The folders and files of <paramref name="folder"/>, links skipped (file links only when
    /// <paramref name="detectFileLinks"/>: reading attributes costs an lstat per file).
    /// </summary>
    public static List<WalkEntry> Read(string folder, bool detectFileLinks)
    {
        var enumerable = new FileSystemEnumerable<WalkEntry>(
            folder,
            (ref FileSystemEntry e) => new WalkEntry(e.FileName.ToString(), e.IsDirectory),
            Enumeration)
        {
            // SECURITY: links are never followed or listed, so the walk cannot leave the repository.
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                !(e.IsDirectory || detectFileLinks) || (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return [.. enumerable];
    }
}
