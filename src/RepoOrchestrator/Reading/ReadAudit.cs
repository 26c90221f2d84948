using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Reading;

/// <summary>
/// Audit helpers of the read path. A refused path is audited too (`ACCESS_DENIED`, level WARNING): traversal
/// attempts are what an operator looks for first. Values written are cleaned by the audit writer and cut short.
/// </summary>
public static class ReadAudit
{
    private const int MaxValueLength = 300;

    /// <summary>Runs <paramref name="check"/>; a 403 from it is audited (awaited) before it propagates.</summary>
    public static async Task<T> AuditDenialAsync<T>(AuditLog audit, string operationPrefix, string actor, string? requestPath, Func<T> check)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check();
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status403Forbidden)
        {
            await audit.OperationAsync(operationPrefix + "ACCESS_DENIED", actor, Abbreviate(requestPath), level: "WARNING");
            throw;
        }
    }

    public static string Abbreviate(string? value) =>
        string.IsNullOrEmpty(value) ? "-" : value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "...";

    /// <summary>
    /// How a search query is audited: its length in characters and its SHA-256, never its text. A partial secret
    /// (`password = "Xk9`) matches no redaction rule, so neither the clear nor the redacted query is safe to store;
    /// the hash lets an operator confirm a suspected query (hash it and compare) and spot repeated probing.
    /// </summary>
    public static string QueryFingerprint(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"qlen={query.EnumerateRunes().Count()} qsha256={Sha256Hex(query)}"; // SECURITY: the query text is never written
    }

    public static string Sha256Hex(string text) => Sha256Hex(System.Text.Encoding.UTF8.GetBytes(text));

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
