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
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            using var fresh = RSA.Create(2048);
            try
            {
                Write(path, fresh.ExportPkcs8PrivateKeyPem());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the command line, a second start) wrote it first: use theirs.
            }
        }

        HomeFiles.Tighten(path);
        var rsa = RSA.Create();
#pragma warning disable RS0030 // owner: the OAuth server reads its own key file
        rsa.ImportFromPem(File.ReadAllText(path));
#pragma warning restore RS0030
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    private static void Write(string path, string pem)
    {
#pragma warning disable RS0030 // owner: the OAuth server creates its own key file, 0600 from the start
        using var stream = new FileStream(path, HomeFiles.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None));
#pragma warning restore RS0030
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}
