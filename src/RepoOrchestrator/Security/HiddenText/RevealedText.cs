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
            return new RedactionPass(WithholdNulLines(redacted), null, 0);
        }

        // SECURITY: a hidden character must not hide a secret: judge the text once more without them.
        var stripped = HiddenCharacters.Strip(raw, out _);
        var strippedRedacted = redactor.RedactLines(stripped, firstLine, lastLine);
        var expected = HiddenCharacters.Strip(redacted, out _);
        return new RedactionPass(
            WithholdNulLines(redacted),
            string.Equals(expected, strippedRedacted, StringComparison.Ordinal) ? null : WithholdNulLines(Union(expected, strippedRedacted)),
            hidden);
    }

    // SECURITY: a NUL inside text is not text the rules can read: UTF-16 after a UTF-8 start (past the 8 KiB binary
    // probe), where p\0a\0s\0s\0 or a key's lines match no rule. Every served line that holds one is withheld (its
    // indentation, then one marker); the rest of the text is served as usual. One vectorised scan when there is none.
    private static string WithholdNulLines(string redacted)
    {
        if (!redacted.Contains('\0', StringComparison.Ordinal))
        {
            return redacted;
        }

        var lines = redacted.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains('\0', StringComparison.Ordinal))
            {
                lines[i] = Masked(lines[i].Replace("\0", "", StringComparison.Ordinal)); // a blank line stays blank
            }
        }

        return string.Join('\n', lines);
    }

    // SECURITY: what either pass redacted stays redacted. The two texts differ only on lines where the hidden characters
    // changed what the rules saw: a secret split by one (the second pass hides one more region: its line is served), or a
    // name one broke (the first pass hid something the second shows), or anything else: the line is served as one
    // marker after its indentation.
    // Line counts that disagree (a rule failed closed) mask every line.
    private static string Union(string firstPassStripped, string strippedRedacted)
    {
        var first = firstPassStripped.Split('\n');
        var second = strippedRedacted.Split('\n');
        var lines = new string[first.Length];
        for (var i = 0; i < first.Length; i++)
        {
            lines[i] = first.Length != second.Length ? Masked(first[i])
                : string.Equals(first[i], second[i], StringComparison.Ordinal) || Covers(second[i], first[i]) ? second[i]
                : Masked(first[i]);
        }

        return string.Join('\n', lines);
    }

    // Whether redacted is other with one region replaced by markers: the two share a prefix and a suffix, and what
    // redacted has between them is markers only. Linear in the line (a search for each part anywhere in the other line
    // was quadratic on a long line of a repeated pattern, and charged nothing). A line that differs in any other way
    // (two regions, text the first pass hid) is not covered and is masked whole: fail closed.
    private static bool Covers(string redacted, string other)
    {
        var prefix = redacted.AsSpan().CommonPrefixLength(other);
        var limit = Math.Min(redacted.Length, other.Length) - prefix;
        var suffix = 0;
        while (suffix < limit && redacted[^(suffix + 1)] == other[^(suffix + 1)])
        {
            suffix++;
        }

        var middle = redacted.AsSpan(prefix, redacted.Length - prefix - suffix);
        if (middle.IsEmpty)
        {
            return false;
        }

        while (middle.StartsWith(ITextRedactor.Marker, StringComparison.Ordinal))
        {
            middle = middle[ITextRedactor.Marker.Length..];
        }

        return middle.IsEmpty;
    }

    /// <summary>A withheld line: its indentation, then one marker (and its '\r'); a blank line stays as it is.</summary>
    internal static string Masked(string line)
    {
        var content = line.AsSpan().TrimEnd('\r');
        if (content.Trim().IsEmpty)
        {
            return line;
        }

        var indent = content.Length - content.TrimStart(" \t").Length;
        return string.Concat(line.AsSpan(0, indent), ITextRedactor.Marker, line.EndsWith('\r') ? "\r" : "");
    }
}
