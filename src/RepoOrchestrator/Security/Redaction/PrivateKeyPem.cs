namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Recognises the BEGIN/END marker lines of PEM private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK or
/// plain), for callers that redact line by line (search) and so cannot see a block whole: track the state with
/// <see cref="PrivateKeyLineTracker"/> and withhold every line from BEGIN to END. The rule matches
/// <see cref="BuiltInPatterns.PrivateKeyBlock"/>: a BEGIN marker counts only when a line break (real, escaped or the
/// end of the line) follows it, so code that holds the marker in a string constant is not a key.
/// </summary>
public static class PrivateKeyPem
{
    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const string Dashes = "-----";

    public static PemMarker Classify(ReadOnlySpan<char> line)
    {
        var begin = FindMarker(line, BeginPrefix, requireBreakAfter: true);
        if (begin < 0)
        {
            return FindMarker(line, EndPrefix, requireBreakAfter: false) >= 0 ? PemMarker.End : PemMarker.None;
        }

        return FindMarker(line[begin..], EndPrefix, requireBreakAfter: false) >= 0 ? PemMarker.BeginAndEnd : PemMarker.Begin;
    }

    /// <summary>True when the line is a private-key BEGIN or END marker (or holds a whole block).</summary>
    public static bool IsMarkerLine(ReadOnlySpan<char> line) => Classify(line) != PemMarker.None;

    // Index just past the first complete "-----BEGIN|END <LABEL>PRIVATE KEY[ BLOCK]-----" marker, or -1.
    private static int FindMarker(ReadOnlySpan<char> line, string prefix, bool requireBreakAfter)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            var at = line[offset..].IndexOf(prefix, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            var labelStart = offset + at + prefix.Length;
            var labelLength = line[labelStart..].IndexOf(Dashes, StringComparison.Ordinal);
            if (labelLength >= 0)
            {
                var label = line.Slice(labelStart, labelLength);
                var end = labelStart + labelLength + Dashes.Length;
                if (IsPrivateKeyLabel(label) && (!requireBreakAfter || BreakFollows(line[end..])))
                {
                    return end;
                }
            }

            offset = labelStart;
        }

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
