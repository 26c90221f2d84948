using System.Security.Cryptography;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>Reads, creates and rotates token files: owner-only (0600), written atomically.</summary>
public static class TokenFile
{
    /// <summary>48 random bytes, URL-safe base64 without padding (64 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(48));

    public static string? Read(string path)
    {
        try
        {
#pragma warning disable RS0030 // owner: the token file owner
            var text = File.ReadAllText(path).Trim();
#pragma warning restore RS0030
            return text.Length == 0 ? null : text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the token to a temp file created with mode 0600 and renames it over the target, so a reader
    /// never sees a half-written token and the file is never world-readable, not even for an instant.
    /// </summary>
    public static void Write(string path, string token)
    {
        var dir = Path.GetDirectoryName(path)!;
        Configuration.HomeFiles.CreateFolder(dir); // SECURITY: a folder created for a token is 0700
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // SECURITY: token file is 0600
        }

#pragma warning disable RS0030 // owner: the token file owner
        using (var stream = new FileStream(temp, options))
#pragma warning restore RS0030
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Returns the token in the file, creating the file with a new random token when missing.</summary>
    public static string ReadOrCreate(string path)
    {
        var existing = Read(path);
        if (existing is not null)
        {
            return existing;
        }

        var token = NewToken();
        Write(path, token);
        // Another process may have created it at the same moment: the file on disk is the truth.
        return Read(path) ?? token;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
