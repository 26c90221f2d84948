using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The one decision "may this regular file be served", taken on the identity of the file itself (fstat of the
/// opened descriptor for /file and /search, lstat relative to the walked folder's descriptor for /tree), so a
/// name swapped after the check cannot change the answer. A file with more than one link is a hard link: its
/// bytes may be a file outside the repository (another user's file, the service's audit log), so it is refused
/// unless ORCH_ALLOW_HARDLINKS is on; even then, a file whose (device, inode) is one of the service's own files
/// is refused. A file with exactly one link has one name, the one the guard or the walk checked and opened
/// inside the repository; the path rules (<see cref="ServiceFiles.IsServiceOwned(string)"/>) decide it.
/// Linux only: elsewhere the link count is not read (see docs/SECURITY.md).
/// </summary>
public sealed class ServedFileRule(PathPolicy policy, ServiceFiles serviceFiles)
{
    /// <summary>Throws <see cref="HardLinkException"/> or <see cref="FileKindException"/> when the file must not be served.</summary>
    internal void Check(LinuxFileStatus.FileIdentity file)
    {
        if (file.Links <= 1)
        {
            return;
        }

        if (!policy.AllowHardLinks)
        {
            throw new HardLinkException(); // SECURITY: a hard link may share its bytes with a file outside the repository
        }

        if (serviceFiles.IsServiceIdentity(file.Device, file.Inode))
        {
            // SECURITY: the service's own files are never served, whatever ORCH_ALLOW_HARDLINKS says.
            throw new FileKindException("The file is one of the service's own files.");
        }
    }

    /// <summary>Whether a file may be listed: what could not be read is not listed either.</summary>
    internal bool Allows(LinuxFileStatus.FileIdentity file)
    {
        try
        {
            Check(file);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
