using RepoOrchestrator.Files;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// The lines of one file exactly as /file serves the whole file, computed in one pass when first asked for: the whole
/// file redacted (the call the index takes its trigrams from, Index/RedactedContent), cut into lines, and each line's
/// hidden characters shown; or, when judging the file without its hidden characters shows a secret the first pass
/// missed, the file without them, redacted (<see cref="RevealingRedaction"/>). Never a line redacted on its own: a line
/// deep in a multi-line value needs the whole value in view. If the pass does not keep the file's line count (a rule
/// that ran out of time fails closed with one marker for the whole text), every line is served as the marker.
/// </summary>
internal sealed class ServedLines(ITextRedactor redactor, string raw)
{
    private RevealedText[]? _lines;

    /// <summary>Number of lines of the file ("a\nb\n" has 2).</summary>
    public int Count { get; } = TextLines.Count(raw);

    /// <summary>Line <paramref name="line"/> (1-based) as served, without its line break, and its hidden characters.</summary>
    public RevealedText Get(int line) => (_lines ??= Serve())[line - 1];

    private RevealedText[] Serve()
    {
        var served = new RevealedText[Count];
        if (Count == 0)
        {
            return served;
        }

        var pass = RevealingRedaction.RedactThenStrip(redactor, new RedactableText(raw), raw, 1, Count);
        var lines = Lines(pass.Served);
        if (lines.Count != Count)
        {
            Array.Fill(served, new RevealedText(ITextRedactor.Marker, 0)); // SECURITY: fail closed
            return served;
        }

        // SECURITY: without its hidden characters the file showed a secret; it is served without them, each line
        // counting the hidden characters of its first redaction, as /file counts them: one inside a redacted value is
        // not counted, or the count would tell that the value held one.
        var firstPass = pass.StrippingApplied ? Lines(pass.Redacted) : null;
        for (var i = 0; i < Count; i++)
        {
            served[i] = firstPass is null
                ? new RevealedText(HiddenCharacters.Reveal(lines[i], out var count), count)
                : new RevealedText(lines[i], HiddenCharacters.Count(firstPass[i]));
        }

        return served;
    }

    // The lines of a text without their line breaks (a final line break ends the last line, it starts none).
    private static List<string> Lines(string text)
    {
        var parts = text.Split('\n');
        var count = text.EndsWith('\n') ? parts.Length - 1 : parts.Length;
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(parts[i].TrimEnd('\r'));
        }

        return lines;
    }
}
