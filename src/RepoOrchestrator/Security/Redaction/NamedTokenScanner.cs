using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The named formats of the catalog, for <see cref="ProviderTokenScanner"/>'s single pass. A named token is a bare
/// shape (hex, alphanumeric, UUID) that counts only with its provider's name on its line or the line before, so the
/// scan is driven by the names: the pass finds every place one of <see cref="Names"/> starts, and only the token runs
/// on a name's line and the next are tested, each against the formats whose names precede it there. Cost: one scan plus, per candidate run, one bounded match per
/// format in context. A token-looking run (digits, not a word or identifier) with more than
/// <see cref="MaxFormatsInContext"/> formats in context (a text stuffed with provider names) is redacted without
/// testing: fail closed rather than slow.
/// </summary>
internal sealed class NamedTokenScanner
{
    public const string RuleId = "provider-token-named";
    public const int MaxFormatsInContext = 48;

    private const int MinRun = 8;
    private const int MaxRun = 1024;
    private const int MaxHitsInContext = 64;

    // | joins Facebook's app-id|secret into one run.
    private static readonly SearchValues<char> RunChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/~.:=|-");

    private static readonly string[] ArchiveExtensions = [".tgz", ".tar.gz", ".zip", ".whl", ".gem", ".jar"];

    private readonly ProviderTokenRule[] _formats;
    private readonly Dictionary<string, int[]> _formatsByName;
    private readonly int[] _nameLengths;

    public NamedTokenScanner(IReadOnlyList<ProviderTokenRule> formats)
    {
        _formats = [.. formats];
        var byName = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _formats.Length; i++)
        {
            foreach (var name in _formats[i].Keywords)
            {
                if (!byName.TryGetValue(name, out var list))
                {
                    byName[name] = list = [];
                }

                list.Add(i);
            }
        }

        _formatsByName = byName.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        _nameLengths = [.. _formatsByName.Keys.Select(k => k.Length).Distinct().OrderDescending()];
    }

    /// <summary>Every provider name, compared ignoring case.</summary>
    public IEnumerable<string> Names => _formatsByName.Keys;

    /// <summary>Adds to <paramref name="hits"/> the names starting at <paramref name="at"/> (dd_api and dd-api… may both).</summary>
    public void AddHits(string text, int at, ref List<(int Position, int[] Formats)>? hits)
    {
        var lookup = _formatsByName.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var length in _nameLengths)
        {
            if (length <= text.Length - at && lookup.TryGetValue(text.AsSpan(at, length), out var formats))
            {
                (hits ??= []).Add((at, formats));
            }
        }
    }

    /// <summary>Tests the token runs near <paramref name="hits"/> (every name of the text, in order of position).</summary>
    public void Scan(string text, List<(int Position, int[] Formats)>? hits, ref SecretSink sink)
    {
        if (hits is null)
        {
            return;
        }

        var inContext = new HashSet<int>();
        var windowEnd = 0;
        foreach (var (position, _) in hits)
        {
            sink.Charge(); // SECURITY: every provider name (and its bounded window) counts against the redaction budget
            // The value may follow the name on its line or sit on the next line; windows of close names merge.
            var start = Math.Max(position, windowEnd);
            var end = LineEnd(text, LineEnd(text, position) + 1);
            end = Math.Min(end, position + MaxRun + 512);
            if (end > start)
            {
                ScanRuns(text, start, end, hits, inContext, ref sink);
                windowEnd = end;
            }
        }
    }

    private void ScanRuns(string text, int start, int end, List<(int Position, int[] Formats)> hits, HashSet<int> inContext, ref SecretSink sink)
    {
        var i = start;
        while (i < end)
        {
            var runStart = text.AsSpan(i, end - i).IndexOfAny(RunChars);
            if (runStart < 0)
            {
                return;
            }

            runStart += i;
            var runLength = text.AsSpan(runStart).IndexOfAnyExcept(RunChars);
            var runEnd = runLength < 0 ? text.Length : runStart + runLength;
            i = runEnd;
            if (runEnd - runStart < MinRun || runEnd - runStart > MaxRun || IsArchiveDigest(text, runStart))
            {
                continue;
            }

            var from = Math.Max(0, runStart - 1);
            var to = Math.Min(text.Length, runEnd + 1);
            if (!CollectContext(text, runStart, runEnd, hits, inContext) || inContext.Count > MaxFormatsInContext)
            {
                if (LooksRandom(text.AsSpan(runStart, runEnd - runStart)))
                {
                    sink.Add(RuleId, text, runStart, runEnd - runStart, runStart, runEnd - runStart); // SECURITY: fail closed
                }

                continue;
            }

            foreach (var format in inContext)
            {
                _formats[format].FindIn(text, from, to - from, ref sink);
            }
        }
    }

    // sonarqube-scanner-2.5.0.tgz#ff704c…: the fragment after an archive's name is its content hash (yarn.lock resolved
    // URLs, pinned downloads), not a token, even with a provider's name in the package name.
    private static bool IsArchiveDigest(string text, int runStart) =>
        runStart > 0 && text[runStart - 1] == '#' && ArchiveExtensions.Any(e => text.AsSpan(0, runStart - 1).EndsWith(e, StringComparison.OrdinalIgnoreCase));

    // Under a stuffed line only token-looking runs go: digits in them, and neither words nor identifiers (a README
    // listing a hundred integrations keeps its prose).
    private static bool LooksRandom(ReadOnlySpan<char> run) =>
        run.ContainsAnyInRange('0', '9') && !WordLikeness.IsWordLike(run) && !WordLikeness.IsCamelCaseIdentifier(run);

    // The formats whose provider name occurs on the run's line (before its end) or on the line above; false when more
    // than MaxHitsInContext names do (a text stuffed with provider names).
    private static bool CollectContext(string text, int runStart, int runEnd, List<(int Position, int[] Formats)> hits, HashSet<int> inContext)
    {
        inContext.Clear();
        var (lineStart, previousLine) = LineBounds.StartsBefore(text, runStart);
        var first = UpperBound(hits, previousLine);
        var last = UpperBound(hits, runEnd); // a name may start the run itself: TWILIO_SID=AC…
        if (last - first > MaxHitsInContext)
        {
            return false;
        }

        for (var h = first; h < last; h++)
        {
            inContext.UnionWith(hits[h].Formats);
        }

        return true;
    }

    private static int UpperBound(List<(int Position, int[] Formats)> hits, int position)
    {
        int low = 0, high = hits.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (hits[middle].Position < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int LineEnd(string text, int index) => LineBounds.End(text, index);
}
