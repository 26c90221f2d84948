using System.Text.RegularExpressions;

namespace RepoOrchestrator.Search;

/// <summary>
/// Search expressions already built, kept for the caller that asked for them. Building a NonBacktracking expression
/// is the dearest part of a regex search (5-50 ms and about 1.5 MB for `\w` with IgnoreCase, against under 1 ms to
/// match it on an index's candidates), and agents repeat a search and page through it with cursors.
/// SECURITY: an expression is reused only by the same caller: a shared one would answer faster for a pattern someone
/// else searched for recently, telling a caller what another searched. At most <see cref="Capacity"/> are kept (<see cref="PerCaller"/> of one caller's), each at
/// most <see cref="Lifetime"/> after its last use, so what a hostile pattern's automaton holds is bounded and let go.
/// </summary>
public sealed class SearchRegexCache(TimeProvider time)
{
    public const int Capacity = 8;
    /// <summary>The most one caller keeps: the rest of <see cref="Capacity"/> stays for others.</summary>
    public const int PerCaller = Capacity / 2;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>The process's cache (<see cref="SearchQuery.Create"/> is called from many places without services).</summary>
    public static SearchRegexCache Shared { get; } = new(TimeProvider.System);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Owner, string Pattern, RegexOptions Options), (Regex Regex, long LastUsed)> _entries = [];

    /// <summary>How many are kept now (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The expression <paramref name="owner"/> built before, or a new one (its parse errors are thrown, never kept).</summary>
    public Regex GetOrBuild(string owner, string pattern, RegexOptions options, TimeSpan matchTimeout)
    {
        var key = (owner, pattern, options);
        lock (_gate)
        {
            Expire();
            if (_entries.TryGetValue(key, out var kept) && kept.Regex.MatchTimeout == matchTimeout)
            {
                _entries[key] = (kept.Regex, time.GetTimestamp());
                return kept.Regex;
            }
        }

        var built = new Regex(pattern, options, matchTimeout); // outside the lock: building may take tens of ms
        lock (_gate)
        {
            if (!_entries.ContainsKey(key))
            {
                // SECURITY: a caller at its share makes room among its own: one caller searching many patterns cannot
                // push out every other caller's (making their searches slower and telling it how much they searched).
                var own = _entries.Where(e => e.Key.Owner == owner).ToList();
                if (own.Count >= PerCaller)
                {
                    _entries.Remove(own.MinBy(e => e.Value.LastUsed).Key);
                }
                else if (_entries.Count >= Capacity)
                {
                    _entries.Remove(_entries.MinBy(e => e.Value.LastUsed).Key);
                }
            }

            _entries[key] = (built, time.GetTimestamp());
        }

        return built;
    }

    private void Expire()
    {
        foreach (var (key, entry) in _entries)
        {
            if (time.GetElapsedTime(entry.LastUsed) > Lifetime)
            {
                _entries.Remove(key);
            }
        }
    }
}
