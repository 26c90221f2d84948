namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The pre-filter: vectorised scans for the rule keywords (like gitleaks' keyword gate) decide which rules run.
/// Keywords are scanned in small groups because one large case-insensitive set falls back to a slow per-character
/// automaton, while groups of a few values stay on the vectorised path; a group stops scanning as soon as all of its
/// rules are active. On clean text each group is one pass that finds nothing.
/// </summary>
internal sealed class KeywordIndex
{
    private const int InsensitiveGroupSize = 8;
    private const int SensitiveGroupSize = 16;

    private readonly KeywordGroup[] _groups;
    private readonly int[] _alwaysOn;

    public KeywordIndex(IReadOnlyList<RedactionRule> rules)
    {
        var alwaysOn = new List<int>();
        var groups = new List<KeywordGroup>();
        var sensitive = new GroupBuilder(SensitiveGroupSize, StringComparison.Ordinal, groups);
        var insensitive = new GroupBuilder(InsensitiveGroupSize, StringComparison.OrdinalIgnoreCase, groups);
        for (var i = 0; i < rules.Count; i++)
        {
            var keywords = rules[i].Keywords.Where(k => k.Length > 0).ToList();
            if (keywords.Count == 0)
            {
                alwaysOn.Add(i);
            }
            else
            {
                (rules[i].CaseSensitiveKeywords ? sensitive : insensitive).Add(i, keywords);
            }
        }

        sensitive.Flush();
        insensitive.Flush();
        _alwaysOn = [.. alwaysOn];
        _groups = [.. groups];
    }

    /// <summary>Marks in <paramref name="active"/> the rules that must run on <paramref name="text"/>.</summary>
    public void Activate(ReadOnlySpan<char> text, Span<bool> active)
    {
        foreach (var rule in _alwaysOn)
        {
            active[rule] = true;
        }

        foreach (var group in _groups)
        {
            group.Activate(text, active);
        }
    }

    // Fills groups in rule order, so a rule's keywords stay together and a group stops scanning as soon as its
    // few rules are active (a group that mixed rare and common words would keep scanning through common hits).
    private sealed class GroupBuilder(int size, StringComparison comparison, List<KeywordGroup> groups)
    {
        private readonly Dictionary<string, List<int>> _current = new(StringComparer.FromComparison(comparison));

        public void Add(int rule, IReadOnlyList<string> keywords)
        {
            if (_current.Count > 0 && _current.Count + keywords.Count(k => !_current.ContainsKey(k)) > size)
            {
                Flush();
            }

            foreach (var keyword in keywords)
            {
                if (!_current.TryGetValue(keyword, out var list))
                {
                    if (_current.Count == size)
                    {
                        Flush();
                    }

                    _current[keyword] = list = [];
                }

                if (!list.Contains(rule))
                {
                    list.Add(rule);
                }
            }
        }

        public void Flush()
        {
            if (_current.Count > 0)
            {
                groups.Add(new KeywordGroup([.. _current.Select(kv => (kv.Key, kv.Value.ToArray()))], comparison));
                _current.Clear();
            }
        }
    }
}
