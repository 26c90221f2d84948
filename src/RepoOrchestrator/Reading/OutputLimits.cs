using System.Text;

namespace RepoOrchestrator.Reading;

/// <summary>The truncation marker and the byte cap shared by /file and /diff: output is never cut silently.</summary>
public static class OutputLimits
{
    public const string TruncationMarker = "\n# ... [TRUNCATED] ...\n";

    private static readonly int MarkerBytes = Encoding.UTF8.GetByteCount(TruncationMarker);

    /// <summary>
    /// Caps <paramref name="text"/> at <paramref name="maxBytes"/> UTF-8 bytes marker included, cutting on a
    /// character boundary; appends the marker when it cut or when <paramref name="alreadyTruncated"/>.
    /// </summary>
    public static (string Text, bool Truncated) Cap(string text, int maxBytes, bool alreadyTruncated)
    {
        ArgumentNullException.ThrowIfNull(text);
        var truncated = alreadyTruncated;
        var budget = truncated ? maxBytes - MarkerBytes : maxBytes;
        if (Encoding.UTF8.GetByteCount(text) > budget)
        {
            truncated = true;
            text = CutToBytes(text, Math.Max(0, maxBytes - MarkerBytes));
        }

        return truncated ? (text + TruncationMarker, true) : (text, false);
    }

    /// <summary>The longest prefix of whole characters (never half a surrogate pair) that fits in <paramref name="budget"/> UTF-8 bytes.</summary>
    public static string CutToBytes(string text, int budget)
    {
        ArgumentNullException.ThrowIfNull(text);
        var used = 0;
        var chars = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return text[..chars];
    }
}
