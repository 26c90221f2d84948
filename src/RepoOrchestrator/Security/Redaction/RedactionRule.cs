namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// One named detector. Its <see cref="Keywords"/> gate it: the engine runs it only when one of them occurs in the
/// text, so clean text never reaches the expensive part; a rule without keywords always runs. Keywords compare
/// case-insensitively (gitleaks) unless <see cref="CaseSensitiveKeywords"/> is set, which built-in rules with a
/// case-sensitive prefix (AKIA, eyJ, ghp_) use because an exact prefix is far rarer in code, so the scan is faster.
/// </summary>
internal abstract class RedactionRule(string id, IReadOnlyList<string> keywords, bool caseSensitiveKeywords = false)
{
    public string Id { get; } = id;

    public IReadOnlyList<string> Keywords { get; } = keywords;

    public bool CaseSensitiveKeywords { get; } = caseSensitiveKeywords;

    /// <summary>Adds every secret found in <paramref name="text"/> to <paramref name="sink"/>.</summary>
    public abstract void Find(string text, ref SecretSink sink);
}
