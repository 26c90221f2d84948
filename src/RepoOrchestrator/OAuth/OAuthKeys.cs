using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// The authorization server's signing and encryption keys: RSA 2048, made once and kept as PEM files (0600) in the
/// OAuth folder, so tokens issued before a restart stay valid after it. Never development certificates, never ephemeral.
/// </summary>
internal static class OAuthKeys
{
#pragma warning disable RS0030 // owner: the OAuth server owns its key files
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        var rsa = RSA.Create();
        if (!File.Exists(path))
        {
            using var fresh = RSA.Create(2048);
            try
            {
                using var stream = new FileStream(path, HomeFiles.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
                using var writer = new StreamWriter(stream);
                writer.Write(fresh.ExportPkcs8PrivateKeyPem());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the command line, a second start) wrote it first: use theirs.
            }
        }

        HomeFiles.Tighten(path);
        rsa.ImportFromPem(File.ReadAllText(path));
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }
#pragma warning restore RS0030
}
