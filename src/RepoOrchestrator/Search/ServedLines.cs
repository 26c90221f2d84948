using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// The lines of one file as they would be served (redacted with the whole file in context, then hidden characters
/// shown): the whole file in one redaction pass when first asked for, or, when that pass cannot be cut into the file's
/// lines (hidden characters are counted per line; a redaction that joined or split lines), each line on its own.
/// </summary>
internal sealed class ServedLines
{
    private readonly ITextRedactor _redactor;
    private readonly RedactableText _prepared;
    private readonly string _raw;
    private readonly Dictionary<int, RevealedText> _lines = [];
    private bool _redactedWhole;

    public ServedLines(ITextRedactor redactor, string raw)
    {
        _redactor = redactor;
        _raw = raw;
        _prepared = new RedactableText(raw); // the redactor gets the whole file: key blocks, next-line values
        Count = raw.Length == 0 ? 0 : raw.AsSpan().Count('\n') + (raw[^1] == '\n' ? 0 : 1);
    }

    /// <summary>Number of lines of the file ("a\nb\n" has 2).</summary>
    public int Count { get; }

    /// <summary>Line <paramref name="line"/> (1-based) as served, without its line break, and its hidden characters.</summary>
    public RevealedText Get(int line)
    {
        if (!_redactedWhole)
        {
            _redactedWhole = true;
            RedactWhole();
        }

        if (!_lines.TryGetValue(line, out var served))
        {
            var one = RevealingRedaction.RedactLines(_redactor, _prepared, _raw, line, line);
            served = new RevealedText(one.Text.TrimEnd('\n').TrimEnd('\r'), one.HiddenCharacters);
            _lines[line] = served;
        }

        return served;
    }

    // One pass for the whole file (the same call the index takes its trigrams from: Index/RedactedContent). Its lines are
    // used only when it has exactly the file's lines; otherwise each line is redacted on its own when asked for.
    private void RedactWhole()
    {
        var whole = RevealingRedaction.RedactLines(_redactor, _prepared, _raw, 1, Math.Max(Count, 1));
        var lines = whole.Text.Split('\n');
        var count = whole.Text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        if (count != Count || whole.HiddenCharacters > 0)
        {
            return; // hidden characters are counted per line, so such a file is revealed line by line
        }

        for (var i = 0; i < count; i++)
        {
            _lines[i + 1] = new RevealedText(lines[i].TrimEnd('\r'), 0);
        }
    }
}
