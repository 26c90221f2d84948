namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// One named detector. Its <see cref="Keywords"/> gate it: the engine runs it only when one of them occurs in the
/// text (case-insensitive), so clean text never reaches the expensive part; a rule without keywords always runs.
/// </summary>
internal abstract class RedactionRule(string id, IReadOnlyList<string> keywords)
{
    public string Id { get; } = id;

    public IReadOnlyList<string> Keywords { get; } = keywords;

    /// <summary>Adds every secret found in <paramref name="text"/> to <paramref name="sink"/>.</summary>
    public abstract void Find(string text, ref SecretSink sink);
}
