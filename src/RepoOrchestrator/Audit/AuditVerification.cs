namespace RepoOrchestrator.Audit;

/// <summary>
/// The outcome of `audit verify`: either OK with what was checked and where the chain starts, or the first
/// line that breaks the chain (file and 1-based line number); plus a note about a half-written last line.
/// </summary>
public sealed record AuditVerification(
    bool Ok,
    int Files,
    long Lines,
    string Start,
    string? Problem,
    string? Note)
{
    /// <summary>The lines the command prints on stdout (the problem, if any, goes to stderr).</summary>
    public IReadOnlyList<string> Summary()
    {
        var lines = new List<string>();
        if (Ok)
        {
            lines.Add(Files == 0
                ? "OK: the audit log is empty (no file written yet)."
                : $"OK: {Lines} lines in {Files} file(s) verified; every line chains from the one before it.");
        }
        else
        {
            lines.Add($"Checked {Lines} line(s) in {Files} file(s) before the break.");
        }

        if (Start.Length > 0)
        {
            lines.Add(Start);
        }

        if (Note is not null)
        {
            lines.Add(Note);
        }

        return lines;
    }
}
