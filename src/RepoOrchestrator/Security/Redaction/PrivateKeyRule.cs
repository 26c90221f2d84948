namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// PEM private-key blocks, removed whole from BEGIN to END whatever the key type (RSA, EC, DSA, OPENSSH, ENCRYPTED,
/// PGP … BLOCK or plain), headers and body included. A BEGIN whose END is not in the text (a slice of a file)
/// redacts to the end of the text; an END without its BEGIN that starts its line (a slice that starts inside the
/// block) redacts the base64 lines right before it. Hand-written and linear: one pass over the markers, shared with
/// <see cref="PrivateKeyPem"/> so whole-text and line-by-line redaction agree on what a marker is.
/// </summary>
internal sealed class PrivateKeyRule() : RedactionRule(RuleId, ["PRIVATE KEY"], caseSensitiveKeywords: true)
{
    public const string RuleId = "private-key";

    public override void Find(string text, ref SecretSink sink)
    {
        var position = 0;
        while (position < text.Length)
        {
            sink.Charge(); // SECURITY: every marker inspected counts against the redaction budget
            var rest = text.AsSpan(position);
            var beginEnd = PrivateKeyPem.FindMarker(rest, begin: true, out var beginStart);
            var endEnd = PrivateKeyPem.FindMarker(rest, begin: false, out var endStart);
            if (beginEnd < 0 && endEnd < 0)
            {
                return;
            }

            int start, stop;
            if (beginEnd >= 0 && (endEnd < 0 || beginStart < endStart))
            {
                start = position + beginStart;
                var close = PrivateKeyPem.FindMarker(text.AsSpan(position + beginEnd), begin: false, out _);
                stop = close < 0 ? text.Length : position + beginEnd + close; // SECURITY: an unterminated block runs to the end
            }
            else
            {
                stop = position + endEnd;
                if (!StartsLine(text, position + endStart))
                {
                    position = stop; // an END inside code ("-----END … KEY-----" in a string constant) is not a key
                    continue;
                }

                start = BodyStartBefore(text, position, position + endStart);
            }

            sink.Add(Id, text, start, stop - start, start, stop - start);
            position = stop;
        }
    }

    private static bool StartsLine(string text, int markerStart)
    {
        var lineStart = text.AsSpan(0, markerStart).LastIndexOf('\n') + 1;
        return text.AsSpan(lineStart, markerStart - lineStart).IsWhiteSpace();
    }

    // Walks back from an orphan END (which starts its line) over the lines made only of base64 characters (the body).
    private static int BodyStartBefore(string text, int floor, int markerStart)
    {
        var start = text.AsSpan(0, markerStart).LastIndexOf('\n') + 1;
        if (start < floor)
        {
            return markerStart;
        }

        while (start > floor)
        {
            var previousStart = text.AsSpan(0, start - 1).LastIndexOf('\n') + 1;
            var line = text.AsSpan(previousStart, start - 1 - previousStart).Trim();
            if (previousStart < floor || line.IsEmpty || !IsBase64Line(line))
            {
                break;
            }

            start = previousStart;
        }

        return start;
    }

    private static bool IsBase64Line(ReadOnlySpan<char> line)
    {
        foreach (var c in line)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        return true;
    }
}
