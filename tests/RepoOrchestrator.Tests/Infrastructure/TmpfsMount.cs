using System.Diagnostics;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a temp folder, for tests of a really full (or read-only) file system. Mounting needs
/// root (or CAP_SYS_ADMIN); where it is not permitted, tests marked <see cref="TmpfsFactAttribute"/> report
/// themselves skipped instead of passing. Disposing unmounts it and removes the folder.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> WhyNot = new(Probe);

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, else why not (the skip reason).</summary>
    public static string? Unavailable => WhyNot.Value;

    public static TmpfsMount Create(string size, bool readOnly = false, string? at = null)
    {
        var path = at ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"orch-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700{(readOnly ? ",ro" : "")}", "tmpfs", path);
        if (code != 0)
        {
            throw new InvalidOperationException($"mount failed: {error}");
        }

        return new TmpfsMount(path);
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Writes zeros to a new file in <paramref name="folder"/> until the file system refuses (ENOSPC); returns the file.</summary>
    public static string FillUp(string folder)
    {
        var filler = System.IO.Path.Combine(folder, "filler");
        var block = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException ex) when (ex.HResult == 28)
        {
            // full; the last partial block may still fit one byte at a time
        }

        try
        {
            while (true)
            {
                stream.Write(block, 0, 1);
            }
        }
        catch (IOException ex) when (ex.HResult == 28)
        {
            return filler;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs needs Linux";
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"orch-tmpfs-probe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        try
        {
            var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path);
            if (code != 0)
            {
                return $"mounting a tmpfs is not permitted here ({error.Trim()})";
            }

            Run("umount", path);
            return null;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"mount is not available ({ex.Message})";
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
