using System.Security.Cryptography;
using System.Text;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>Identifies a token in logs without revealing it: the first 8 hex characters of SHA-256(token).</summary>
public static class TokenFingerprint
{
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static string HexHash(string token) => Convert.ToHexStringLower(Hash(token));

    public static string Of(string token) => HexHash(token)[..8];

    /// <summary>How audit lines and logs name a caller: the token's name and its fingerprint.</summary>
    public static string Actor(string tokenName, string fingerprint) => tokenName + ":" + fingerprint;
}
