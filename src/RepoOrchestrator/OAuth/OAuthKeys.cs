using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// The authorization server's signing and encryption keys: RSA 2048, made once and kept as PEM files (0600) in the
/// OAuth folder, so tokens issued before a restart stay valid after it. Never development certificates, never ephemeral.
/// A new key is written whole to a file of its own, flushed, then linked under its name only if no other process made
/// one first: a crash or a second start never leaves a half-written key that stops every later start.
/// </summary>
internal static class OAuthKeys
{
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            using var fresh = RSA.Create(2048);
            Publish(path, fresh.ExportPkcs8PrivateKeyPem());
        }

        HomeFiles.Tighten(path);
        var rsa = RSA.Create();
        try
        {
#pragma warning disable RS0030 // owner: the OAuth server reads its own key file
            rsa.ImportFromPem(File.ReadAllText(path));
#pragma warning restore RS0030
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new OAuthKeyException(
                $"{path} holds no RSA private key (it is empty or damaged). Move it away and start again: a new key is made, "
                + "and OAuth connectors signed in before must sign in once more.", ex);
        }

        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    private static void Publish(string path, string pem)
    {
        var draft = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
#pragma warning disable RS0030 // owner: the OAuth server creates its own key file, 0600 from the start
            using (var stream = new FileStream(draft, HomeFiles.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
#pragma warning restore RS0030
            {
                stream.Write(Encoding.ASCII.GetBytes(pem));
                stream.Flush(flushToDisk: true);
            }

            File.Move(draft, path, overwrite: false); // a link, so a key another process published first is kept
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the command line, a second start) published its key first: use theirs.
        }
        finally
        {
            File.Delete(draft);
        }
    }
}

/// <summary>A key file that holds no key; start-up stops with its message (the file and the fix), exit code 2.</summary>
public sealed class OAuthKeyException : Exception
{
    public OAuthKeyException()
    {
    }

    public OAuthKeyException(string message)
        : base(message)
    {
    }

    public OAuthKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
