namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The only thing that decides which text may leave the process: file bodies, search result lines and diffs
/// all pass through it. Every secret match is replaced by <see cref="Marker"/>; PEM private-key blocks are
/// removed whole. Implementations are thread-safe and cheap on clean text.
/// </summary>
public interface ITextRedactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>Returns <paramref name="text"/> with every secret replaced (the same instance when nothing matched).</summary>
    string Redact(string text);
}
