using RepoOrchestrator.Files;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tree;

/// <summary>
/// Size and line count of listed files. Each file is opened relative to the folder the walk holds open, never by
/// path again; lines are counted with a vectorised count of '\n'. A page reads at most <see cref="MaxCountedBytes"/>
/// bytes: after that (and for binary files and files over ORCH_MAX_FILE_BYTES) `lines` is null, so a repository of
/// huge files cannot make one listing read gigabytes.
/// </summary>
internal sealed class TreeFileMeasure(long maxFileBytes, ServedFileRule servedFiles)
{
    public const long MaxCountedBytes = 64L * 1024 * 1024;

    private long _counted;

    /// <summary>The entry of <paramref name="file"/>, or null when it cannot be opened as a servable regular file.</summary>
    public TreeEntry? Measure(WalkedFile file)
    {
        try
        {
            // SECURITY: never opens a FIFO, socket, device or link; hard links and the service's files are refused.
            using var handle = SafeFileAccess.OpenRegular(file.FolderHandle, file.Folder, file.Name, servedFiles, out var length);
            if (length > maxFileBytes || _counted + length > MaxCountedBytes)
            {
                return new TreeEntry(file.RelativePath, length, null);
            }

            _counted += length;
            using var content = PooledBytes.Read(handle, maxFileBytes, length);
            return content is null || TextLines.LooksBinary(content.Span)
                ? new TreeEntry(file.RelativePath, length, null)
                : new TreeEntry(file.RelativePath, content.Length, TextLines.Count(content.Span));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
