namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Recognises the BEGIN/END marker lines of PEM private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK or
/// plain), for callers that redact line by line (search) and so cannot see a block whole: track the state with
/// <see cref="PrivateKeyLineTracker"/> and withhold every line from BEGIN to END. <see cref="PrivateKeyRule"/> uses the
/// same recognition on whole texts: a BEGIN marker counts only when a line break (real, escaped or the end of the
/// text) follows it, so code that holds the marker in a string constant is not a key.
/// </summary>
public static class PrivateKeyPem
{
    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const string Dashes = "-----";
    private const int MaxLabelLength = 64;

    public static PemMarker Classify(ReadOnlySpan<char> line)
    {
        var begin = FindMarker(line, begin: true, out _);
        if (begin < 0)
        {
            return FindMarker(line, begin: false, out _) >= 0 ? PemMarker.End : PemMarker.None;
        }

        return FindMarker(line[begin..], begin: false, out _) >= 0 ? PemMarker.BeginAndEnd : PemMarker.Begin;
    }

    /// <summary>True when the line is a private-key BEGIN or END marker (or holds a whole block).</summary>
    public static bool IsMarkerLine(ReadOnlySpan<char> line) => Classify(line) != PemMarker.None;

    /// <summary>
    /// Finds the first complete "-----BEGIN|END &lt;LABEL&gt;PRIVATE KEY[ BLOCK]-----" marker; returns the index just past
    /// it (and its start in <paramref name="start"/>), or -1.
    /// </summary>
    internal static int FindMarker(ReadOnlySpan<char> text, bool begin, out int start)
    {
        var prefix = begin ? BeginPrefix : EndPrefix;
        var offset = 0;
        while (offset < text.Length)
        {
            var at = text[offset..].IndexOf(prefix, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            start = offset + at;
            var labelStart = start + prefix.Length;
            var window = text[labelStart..Math.Min(text.Length, labelStart + MaxLabelLength + Dashes.Length)];
            var labelLength = window.IndexOf(Dashes, StringComparison.Ordinal);
            if (labelLength >= 0 && IsPrivateKeyLabel(window[..labelLength]))
            {
                var end = labelStart + labelLength + Dashes.Length;
                if (!begin || BreakFollows(text[end..]))
                {
                    return end;
                }
            }

            offset = labelStart;
        }

        start = -1;
        return -1;
    }

    private static bool IsPrivateKeyLabel(ReadOnlySpan<char> label)
    {
        var core = label.EndsWith(" BLOCK", StringComparison.Ordinal) ? label[..^" BLOCK".Length] : label;
        if (!core.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == ' '))
            {
                return false;
            }
        }

        return true;
    }

    private static bool BreakFollows(ReadOnlySpan<char> rest) =>
        rest.IsEmpty || char.IsWhiteSpace(rest[0]) || rest.StartsWith("\\n", StringComparison.Ordinal) || rest.StartsWith("\\r", StringComparison.Ordinal);
}
