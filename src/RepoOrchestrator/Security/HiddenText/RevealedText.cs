using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Security.HiddenText;

/// <summary>A served text after redaction and reveal, and how many hidden characters it had.</summary>
public readonly record struct RevealedText(string Text, int HiddenCharacters);

/// <summary>
/// The read pipeline's redaction step followed by the reveal step (docs/SECURITY.md, "Hidden text"). Reveal runs
/// AFTER redaction: the redactor judges the text as it is in the repository (its rules and line windows are built on
/// it), and a <c>&lt;U+XXXX&gt;</c> written before it could split or shift what a rule looks for. But a hidden
/// character inside a secret would then defeat redaction (<c>ghp_ab\u200Bcd…</c> matches no token rule), so when the
/// text has hidden characters, the redactor also judges it with them taken out; if that finds anything the first pass
/// did not, the answer is built from the stripped text (redacted) instead: fail closed, the hidden characters are
/// still counted. Clean text (no hidden characters) costs one vectorised scan more than redaction alone.
/// </summary>
public static class RevealingRedaction
{
    /// <summary>Lines <paramref name="firstLine"/>..<paramref name="lastLine"/> of <paramref name="text"/>, redacted, then revealed.</summary>
    public static RevealedText RedactLines(ITextRedactor redactor, string text, int firstLine, int lastLine) =>
        RedactLines(redactor, new RedactableText(text), text, firstLine, lastLine);

    /// <summary>As above, for a text prepared once for several windows (search); <paramref name="raw"/> is its string.</summary>
    public static RevealedText RedactLines(ITextRedactor redactor, RedactableText prepared, string raw, int firstLine, int lastLine)
    {
        var pass = RedactThenStrip(redactor, prepared, raw, firstLine, lastLine);
        if (pass.Stripped is { } strippedRedacted)
        {
            return new RevealedText(strippedRedacted, pass.HiddenCharacters); // SECURITY: fail closed: stripping exposed a secret the first pass missed
        }

        return pass.HiddenCharacters == 0
            ? new RevealedText(pass.Redacted, 0)
            : new RevealedText(HiddenCharacters.Reveal(pass.Redacted, out _), pass.HiddenCharacters);
    }

    /// <summary>
    /// Lines <paramref name="firstLine"/>..<paramref name="lastLine"/> of <paramref name="raw"/> (prepared as
    /// <paramref name="prepared"/>), redacted; and when the text holds hidden characters and judging it without them
    /// finds a secret in those lines the first redaction did not, the lines without hidden characters, redacted. The
    /// one place that pairs the two redactions, so /file, search and the index serve and index the same text, and the
    /// second redaction (the budget's work) runs only for text with hidden characters.
    /// </summary>
    internal static RedactionPass RedactThenStrip(ITextRedactor redactor, RedactableText prepared, string raw, int firstLine, int lastLine)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(raw);
        var redacted = redactor.RedactLines(prepared, firstLine, lastLine);
        var hidden = HiddenCharacters.Count(redacted);
        // SECURITY: the whole text decides, not the window: a hidden character in a name lines above the window
        // (pass\u200Bword: | and the value below) changes what the window's own lines are.
        if (hidden == 0 && HiddenCharacters.Count(raw) == 0)
        {
            return new RedactionPass(redacted, null, 0);
        }

        // SECURITY: a hidden character must not hide a secret: judge the text once more without them.
        var stripped = HiddenCharacters.Strip(raw, out _);
        var strippedRedacted = redactor.RedactLines(stripped, firstLine, lastLine);
        var expected = HiddenCharacters.Strip(redacted, out _);
        return new RedactionPass(redacted, string.Equals(expected, strippedRedacted, StringComparison.Ordinal) ? null : strippedRedacted, hidden);
    }
}
