namespace RepoOrchestrator.Diff;

/// <summary>A /diff answer: redacted git output, capped (marker appended when <see cref="Truncated"/>).</summary>
public sealed record DiffResult(string Text, bool Truncated, int HiddenCharacters = 0);
