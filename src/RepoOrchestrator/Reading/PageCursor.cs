using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Reading;

/// <summary>
/// The `cursor` of a paged read (tree, search): where the last page stopped, plus a fingerprint of the request it
/// belongs to, as one opaque base64url string. A cursor only says where to resume in an ordered result that the read
/// rebuilds under every check, so a forged position can skip entries but never reveal one; the fingerprint makes a
/// cursor used with other parameters (another folder, query or repository) a clear 400 instead of a wrong page.
/// </summary>
public static class PageCursor
{
    public const int MaxLength = 8_192;
    private const string Version = "c1";

    /// <summary>A cursor resuming after <paramref name="position"/> for the request described by <paramref name="request"/>.</summary>
    public static string Encode(string position, string request)
    {
        ArgumentNullException.ThrowIfNull(position);
        var text = $"{Version}\n{Fingerprint(request)}\n{position}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The position of <paramref name="cursor"/>, or null when no cursor was given; 400 naming `cursor` when it is not one of this request's.</summary>
    public static Outcome<string?> Decode(string? cursor, string request)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (string?)null;
        }

        const string Fix = "pass the next_cursor of the previous page unchanged, with the same other parameters, or leave cursor out to start again.";
        if (cursor.Length > MaxLength || !Base64Url.IsValid(cursor))
        {
            return Problem.BadRequest($"Query parameter 'cursor' is not a cursor of this service: {Fix}");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return Problem.BadRequest($"Query parameter 'cursor' is not a cursor of this service: {Fix}");
        }

        var parts = text.Split('\n', 3);
        if (parts.Length != 3 || parts[0] != Version)
        {
            return Problem.BadRequest($"Query parameter 'cursor' is not a cursor of this service: {Fix}");
        }

        if (!string.Equals(parts[1], Fingerprint(request), StringComparison.Ordinal))
        {
            return Problem.BadRequest($"Query parameter 'cursor' belongs to a request with other parameters: {Fix}");
        }

        return parts[2];
    }

    private static string Fingerprint(string request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request ?? "")))[..16];
}
