using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The pre-filter: one vectorised, case-insensitive scan for every rule keyword at once (like gitleaks' keyword
/// gate), which decides the rules worth running. On clean text it is a single pass that finds nothing.
/// </summary>
internal sealed class KeywordIndex
{
    private const int OtherBucket = 128;

    private readonly SearchValues<string>? _search;
    private readonly (string Keyword, int[] Rules)[][] _buckets;
    private readonly int[] _alwaysOn;
    private readonly int _gatedCount;

    public KeywordIndex(IReadOnlyList<RedactionRule> rules)
    {
        var byKeyword = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var alwaysOn = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            var keywords = rules[i].Keywords.Where(k => k.Length > 0).ToList();
            if (keywords.Count == 0)
            {
                alwaysOn.Add(i);
                continue;
            }

            foreach (var keyword in keywords)
            {
                if (!byKeyword.TryGetValue(keyword, out var list))
                {
                    byKeyword[keyword] = list = [];
                }

                if (!list.Contains(i))
                {
                    list.Add(i);
                }
            }
        }

        _alwaysOn = [.. alwaysOn];
        _gatedCount = rules.Count - alwaysOn.Count;
        _search = byKeyword.Count == 0 ? null : SearchValues.Create([.. byKeyword.Keys], StringComparison.OrdinalIgnoreCase);
        _buckets = Enumerable.Range(0, OtherBucket + 1)
            .Select(b => byKeyword.Where(kv => BucketOf(kv.Key[0]) == b).Select(kv => (kv.Key, kv.Value.ToArray())).ToArray())
            .ToArray();
    }

    /// <summary>Marks in <paramref name="active"/> the rules that must run on <paramref name="text"/>.</summary>
    public void Activate(ReadOnlySpan<char> text, Span<bool> active)
    {
        foreach (var rule in _alwaysOn)
        {
            active[rule] = true;
        }

        if (_search is null)
        {
            return;
        }

        var pending = _gatedCount;
        var offset = 0;
        while (pending > 0 && offset < text.Length)
        {
            var hit = text[offset..].IndexOfAny(_search);
            if (hit < 0)
            {
                return;
            }

            offset += hit;
            var rest = text[offset..];
            foreach (var (keyword, rules) in _buckets[BucketOf(rest[0])])
            {
                if (!rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var rule in rules)
                {
                    if (!active[rule])
                    {
                        active[rule] = true;
                        pending--;
                    }
                }
            }

            offset++;
        }
    }

    // Keywords are bucketed by their lower-case first character so a hit checks only the few that can start there.
    private static int BucketOf(char c)
    {
        var lower = char.ToLowerInvariant(c);
        return lower < OtherBucket ? lower : OtherBucket;
    }
}
