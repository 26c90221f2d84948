namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// A whole text (a file, a diff) prepared for redaction of several line windows: its line starts and its
/// private-key blocks are found once, so serving many windows of one file (search hits) costs each window's
/// size, not the file's size again.
/// </summary>
public sealed class RedactableText
{
    private int[]? _lineStarts;
    private IReadOnlyList<(int First, int Last)>? _keyBlocks;

    public RedactableText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
    }

    public string Text { get; }

    internal IReadOnlyList<(int First, int Last)> KeyBlocks => _keyBlocks ??= PrivateKeyBlocks.Find(Text);

    /// <summary>The char offset where 1-based <paramref name="line"/> starts, or the text's length past the last line.</summary>
    internal int LineStart(long line)
    {
        var starts = _lineStarts ??= FindLineStarts(Text);
        return line < 1 ? 0 : line > starts.Length ? Text.Length : starts[line - 1];
    }

    private static int[] FindLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        var at = text.IndexOf('\n');
        while (at >= 0 && at + 1 < text.Length)
        {
            starts.Add(at + 1);
            at = text.IndexOf('\n', at + 1);
        }

        return [.. starts];
    }
}
