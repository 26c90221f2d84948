namespace RepoOrchestrator.Configuration;

/// <summary>
/// How the service creates what it keeps under ORCH_HOME: folders 0700 and files 0600 whatever the process umask
/// (a permissive umask such as 000 must not make the audit log, the state store or a lock file readable by other
/// users). The mode is given at creation, so there is no moment when the file is open to others; an existing file
/// with a looser mode is tightened at start-up.
/// </summary>
public static class HomeFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) with mode 0700. An existing folder keeps its mode: it
    /// may be the operator's own (ORCH_HOME defaults to the working directory).
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode); // SECURITY: folders the service creates under ORCH_HOME are 0700
    }

    /// <summary>Options for a file stream that creates its file with mode 0600.</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows() && mode is not System.IO.FileMode.Open and not System.IO.FileMode.Truncate)
        {
            options.UnixCreateMode = FileMode; // SECURITY: files the service creates under ORCH_HOME are 0600
        }

        return options;
    }

    /// <summary>Removes group and other bits from an existing regular file (one kept from an older version, or made by a tool).</summary>
    public static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, mode & FileMode); // SECURITY: 0600 even for a file created before this version
        }
    }

    /// <summary>
    /// Writes 4 KiB to a new private file in <paramref name="folder"/> and removes it: throws the error a real write
    /// would (no space, quota, read-only). Only for health checks of a part already known to be failing.
    /// </summary>
    public static void ProbeWrite(string folder)
    {
        var probe = Path.Join(folder, $".orch_probe_{Environment.ProcessId}");
        try
        {
#pragma warning disable RS0030 // owner: HomeFiles owns the private files under ORCH_HOME
            using var stream = new FileStream(probe, Options(System.IO.FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0));
#pragma warning restore RS0030
            stream.Write(new byte[4096]);
        }
        finally
        {
            File.Delete(probe);
        }
    }
}
