using System.Buffers;
using System.Diagnostics;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Benchmarks;

internal static class Probe
{
    public static void Run()
    {
        var real = RedactionInputs.RealCode();
        var dense = RedactionInputs.KeywordDense();
        var prefixes = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Prefix).SelectMany(f => f.Keywords).Distinct().ToArray();
        var names = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Named).SelectMany(f => f.Keywords).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        Console.WriteLine($"prefixes {prefixes.Length} min {prefixes.Min(p => p.Length)}; names {names.Length} min {names.Min(p => p.Length)}");
        Console.WriteLine(string.Join(' ', prefixes.Where(p => p.Length <= 3)));
        var sp = SearchValues.Create(prefixes, StringComparison.Ordinal);
        var sn = SearchValues.Create(names, StringComparison.OrdinalIgnoreCase);
        foreach (var (label, text) in new[] { ("real", real), ("dense", dense) })
        {
            Console.WriteLine($"{label}: prefix scan {Time(text, t => t.IndexOfAny(sp), out var h1):F2} ms {h1} hits; name scan {Time(text, t => t.IndexOfAny(sn), out var h2):F2} ms {h2} hits");
            var mp = new KeywordMatcher(prefixes, StringComparison.Ordinal);
            var mn = new KeywordMatcher(names, StringComparison.OrdinalIgnoreCase);
            Console.WriteLine($"{label}: matcher prefix {Time(text, t => mp.IndexOfAny(t), out var h3):F2} ms {h3} hits; name {Time(text, t => mn.IndexOfAny(t), out var h4):F2} ms {h4} hits");
        }
    }

    private static double Time(string text, Func<ReadOnlySpan<char>, int> find, out int hits)
    {
        var best = double.MaxValue;
        hits = 0;
        for (var r = 0; r < 6; r++)
        {
            var w = Stopwatch.StartNew();
            hits = 0;
            var offset = 0;
            while (true)
            {
                var i = find(text.AsSpan(offset));
                if (i < 0)
                {
                    break;
                }

                hits++;
                offset += i + 1;
            }

            best = Math.Min(best, w.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
