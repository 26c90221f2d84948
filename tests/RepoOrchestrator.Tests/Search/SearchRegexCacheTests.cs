using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RepoOrchestrator.Search;

namespace RepoOrchestrator.Tests.Search;

/// <summary>Built search expressions are reused by the caller that built them only, a bounded number, for a bounded time.</summary>
public sealed class SearchRegexCacheTests
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = SearchQuery.MatchTimeout;

    [Fact]
    public void SameCallerAndPattern_GetsTheSameExpression_AnotherCallerItsOwn()
    {
        var cache = new SearchRegexCache(new FakeTimeProvider());

        var first = cache.GetOrBuild("alice", @"handler_\d+", Options, Timeout);
        var again = cache.GetOrBuild("alice", @"handler_\d+", Options, Timeout);
        var otherCaller = cache.GetOrBuild("bob", @"handler_\d+", Options, Timeout);
        var otherOptions = cache.GetOrBuild("alice", @"handler_\d+", Options | RegexOptions.IgnoreCase, Timeout);

        Assert.Same(first, again);
        Assert.NotSame(first, otherCaller); // SECURITY: no timing tells bob what alice searched for
        Assert.NotSame(first, otherOptions);
        Assert.Matches(otherOptions, "HANDLER_7");
        Assert.DoesNotMatch(first, "HANDLER_7");
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void PastCapacity_TheLeastRecentlyUsedGoes()
    {
        var time = new FakeTimeProvider();
        var cache = new SearchRegexCache(time);
        var kept = cache.GetOrBuild("alice", "pattern-0", Options, Timeout);
        var built = new List<Regex>();
        for (var i = 1; i <= SearchRegexCache.PerCaller; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            built.Add(cache.GetOrBuild("alice", "pattern-" + i, Options, Timeout));
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Same(kept, cache.GetOrBuild("alice", "pattern-0", Options, Timeout)); // used again: never the oldest
        }

        Assert.Equal(SearchRegexCache.PerCaller, cache.Count);
        Assert.NotSame(built[0], cache.GetOrBuild("alice", "pattern-1", Options, Timeout)); // the oldest went
        Assert.Same(built[^1], cache.GetOrBuild("alice", "pattern-" + SearchRegexCache.PerCaller, Options, Timeout));
        Assert.Same(kept, cache.GetOrBuild("alice", "pattern-0", Options, Timeout));
        Assert.Equal(SearchRegexCache.PerCaller, cache.Count);
    }

    [Fact]
    public void OneCallerSearchingManyPatterns_DoesNotPushOutAnotherCallers()
    {
        var time = new FakeTimeProvider();
        var cache = new SearchRegexCache(time);
        var bobs = Enumerable.Range(0, SearchRegexCache.PerCaller).Select(i => cache.GetOrBuild("bob", "bob-" + i, Options, Timeout)).ToList();

        for (var i = 0; i < 5 * SearchRegexCache.Capacity; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            cache.GetOrBuild("mallory", "flood-" + i, Options, Timeout);
        }

        for (var i = 0; i < bobs.Count; i++)
        {
            Assert.Same(bobs[i], cache.GetOrBuild("bob", "bob-" + i, Options, Timeout));
        }

        Assert.True(cache.Count <= SearchRegexCache.Capacity);
    }

    [Fact]
    public void AnExpressionUnusedForItsLifetime_IsLetGo()
    {
        var time = new FakeTimeProvider();
        var cache = new SearchRegexCache(time);
        var built = cache.GetOrBuild("alice", "stale-pattern", Options, Timeout);

        time.Advance(SearchRegexCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Same(built, cache.GetOrBuild("alice", "stale-pattern", Options, Timeout)); // a use renews it
        time.Advance(SearchRegexCache.Lifetime + TimeSpan.FromSeconds(1));
        var rebuilt = cache.GetOrBuild("alice", "stale-pattern", Options, Timeout);

        Assert.NotSame(built, rebuilt);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void AnInvalidPattern_ThrowsEveryTime_AndIsNotKept()
    {
        var cache = new SearchRegexCache(new FakeTimeProvider());

        Assert.Throws<RegexParseException>(() => cache.GetOrBuild("alice", "(unclosed", Options, Timeout));
        Assert.Throws<RegexParseException>(() => cache.GetOrBuild("alice", "(unclosed", Options, Timeout));
        Assert.Equal(0, cache.Count);
    }
}
