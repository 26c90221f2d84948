namespace RepoOrchestrator.Reading;

/// <summary>
/// Audit helpers of the read path. A refused path is audited too (`ACCESS_DENIED`, level WARNING, by
/// <see cref="ReadPipeline.AuditDenialAsync"/>): traversal attempts are what an operator looks for first. Values
/// written are cleaned by the audit writer and cut short.
/// </summary>
public static class ReadAudit
{
    private const int MaxValueLength = 300;

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
