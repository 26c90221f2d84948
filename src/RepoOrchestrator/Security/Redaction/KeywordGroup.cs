using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>A few keywords scanned together with one vectorised <see cref="SearchValues{T}"/> search.</summary>
internal sealed class KeywordGroup((string Keyword, int[] Rules)[] entries, StringComparison comparison)
{
    private readonly SearchValues<string> _search = SearchValues.Create(entries.Select(e => e.Keyword).ToArray(), comparison);
    private readonly int[] _rules = entries.SelectMany(e => e.Rules).Distinct().ToArray();

    public void Activate(ReadOnlySpan<char> text, Span<bool> active)
    {
        var offset = 0;
        while (!AllActive(active) && offset < text.Length)
        {
            var hit = text[offset..].IndexOfAny(_search);
            if (hit < 0)
            {
                return;
            }

            offset += hit;
            var rest = text[offset..];
            foreach (var (keyword, rules) in entries)
            {
                if (rest.StartsWith(keyword, comparison))
                {
                    foreach (var rule in rules)
                    {
                        active[rule] = true;
                    }
                }
            }

            offset++;
        }
    }

    private bool AllActive(ReadOnlySpan<bool> active)
    {
        foreach (var rule in _rules)
        {
            if (!active[rule])
            {
                return false;
            }
        }

        return true;
    }
}
