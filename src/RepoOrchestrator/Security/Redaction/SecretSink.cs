namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Collects the character ranges to replace. A struct with a lazily created list, so a clean text allocates
/// nothing; the global allowlists of the rules file are applied here, once for every rule.
/// </summary>
internal struct SecretSink(IReadOnlyList<RedactionAllowlist> globalAllowlists, long workBudget = long.MaxValue, RedactionBudget? shared = null)
{
    private List<(int Start, int End)>? _spans;

    /// <summary>Work units spent so far: one per candidate a rule inspects (a regex match, a secret-like name).</summary>
    public long Work { get; private set; }

    /// <summary>
    /// Charges one inspected candidate to this call and to the request's budget (<paramref name="shared"/>, when the
    /// call runs inside a request). Past either the whole redaction stops with a 422: text the redactor could not
    /// afford to check never leaves, and a keyword-dense file cannot buy unbounded CPU.
    /// </summary>
    public void Charge()
    {
        if (++Work > workBudget)
        {
            throw RedactionBudget.Exceeded(); // SECURITY: fail closed, never serve text the rules did not finish
        }

        shared?.Charge(); // SECURITY: every call of one request draws from the same budget
    }

    public readonly int Count => _spans?.Count ?? 0;

    public void Add(string ruleId, string text, int secretStart, int secretLength, int matchStart, int matchLength)
    {
        if (secretLength <= 0)
        {
            return;
        }

        foreach (var allowlist in globalAllowlists)
        {
            if (allowlist.Allows(ruleId, text, secretStart, secretLength, matchStart, matchLength))
            {
                return;
            }
        }

        (_spans ??= []).Add((secretStart, secretStart + secretLength));
    }

    /// <summary>
    /// Replaces every collected range (overlapping or touching ranges merge into one marker). With
    /// <paramref name="keepLines"/> a range that spans line breaks keeps them (one marker per line), so a line
    /// window cut from the result after redaction still lines up with the original line numbers.
    /// </summary>
    public readonly string Apply(string text, bool keepLines = false)
    {
        if (_spans is null || _spans.Count == 0)
        {
            return text;
        }

        _spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var merged = new List<(int Start, int End)>(_spans.Count);
        foreach (var span in _spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = (last.Start, Math.Max(last.End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }

        if (keepLines)
        {
            return ApplyKeepingLines(text, merged);
        }

        var length = text.Length;
        foreach (var (start, end) in merged)
        {
            length += ITextRedactor.Marker.Length - (end - start);
        }

        return string.Create(length, (text, merged), static (destination, state) =>
        {
            var (source, ranges) = state;
            var read = 0;
            var write = 0;
            foreach (var (start, end) in ranges)
            {
                source.AsSpan(read, start - read).CopyTo(destination[write..]);
                write += start - read;
                ITextRedactor.Marker.AsSpan().CopyTo(destination[write..]);
                write += ITextRedactor.Marker.Length;
                read = end;
            }

            source.AsSpan(read).CopyTo(destination[write..]);
        });
    }

    private static string ApplyKeepingLines(string text, List<(int Start, int End)> merged)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var read = 0;
        foreach (var (start, end) in merged)
        {
            builder.Append(text, read, start - read);
            var segment = start;
            while (true)
            {
                var newline = text.IndexOf('\n', segment, end - segment);
                builder.Append(ITextRedactor.Marker); // SECURITY: every line the secret touches shows only the marker
                if (newline < 0)
                {
                    break;
                }

                builder.Append('\n');
                segment = newline + 1;
            }

            read = end;
        }

        builder.Append(text, read, text.Length - read);
        return builder.ToString();
    }
}
