namespace RepoOrchestrator.Security.Redaction;

/// <summary>How a provider token is recognised.</summary>
internal enum TokenAnchor
{
    /// <summary>The token carries its own prefix or shape (glpat-, xoxb-, SG.…): redacted wherever it appears.</summary>
    Prefix,

    /// <summary>Like <see cref="Prefix"/>, but the keyword sits inside the token (…-us12, 123:AA…, …Q~…), not at its start.</summary>
    Contained,

    /// <summary>
    /// The token is a bare format (hex, alphanumeric, UUID) shared with ordinary content such as commit ids, so it is
    /// redacted only where one of the provider's keywords occurs on its line or the line before (TWILIO_SID=AC…,
    /// <c>twilio:</c> then <c>  sid: AC…</c>).
    /// </summary>
    Named,
}

/// <summary>
/// One documented token format of one provider: the catalog row behind a <see cref="ProviderTokenRule"/>.
/// <paramref name="Pattern"/> must compile with <c>RegexOptions.NonBacktracking</c> (no look-arounds, back-references,
/// atomic groups or <c>\G</c>); the secret is the group named <c>secret</c> when there is one, else the whole match.
/// </summary>
internal sealed record ProviderTokenFormat(
    string Provider,
    string Category,
    string Id,
    string Pattern,
    IReadOnlyList<string> Keywords,
    TokenAnchor Anchor);
