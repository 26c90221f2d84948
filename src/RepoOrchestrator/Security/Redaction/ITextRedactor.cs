namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The only thing that decides which text may leave the process: file bodies, search result lines and diffs
/// all pass through it. Every secret match is replaced by <see cref="Marker"/>; PEM private-key blocks are
/// removed whole. Implementations are thread-safe and cheap on clean text. Callers never mask key blocks
/// themselves: both entry points handle them.
/// </summary>
public interface ITextRedactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>Returns the whole <paramref name="text"/> with every secret replaced (the same instance when nothing matched).</summary>
    string Redact(string text);

    /// <summary>
    /// Returns lines <paramref name="firstLine"/> to <paramref name="lastLine"/> (1-based, inclusive, split on '\n',
    /// each with its own line break) of the whole <paramref name="text"/>, redacted: key blocks are located in the
    /// whole text, and the window is cut out of the whole text's redaction, so a value lines away from its key, or a
    /// slice that starts inside a key, is still caught, and every window serves what the whole text serves there. The
    /// window keeps its line count; it costs the redaction of the whole text.
    /// </summary>
    string RedactLines(string text, int firstLine, int lastLine) => RedactLines(new RedactableText(text), firstLine, lastLine);

    /// <summary>As above, for a text prepared once and served in several windows (search hits of one file).</summary>
    string RedactLines(RedactableText text, int firstLine, int lastLine);

    /// <summary>
    /// Stands for everything besides the text that decides what this redactor returns (its rules, their code, the call
    /// limit): different whenever that may differ. What is kept of redacted text (the search index) is rebuilt when it changes.
    /// </summary>
    string RulesFingerprint { get; }
}
