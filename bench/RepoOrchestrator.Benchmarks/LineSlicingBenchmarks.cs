using System.Text;
using BenchmarkDotNet.Attributes;
using RepoOrchestrator.Files;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// Line slicing as /file does it on raw UTF-8 bytes: count the lines, find the byte range of the requested lines,
/// decode only that range. A 300-line file read whole, and a 500-line page from the middle of a 20,000-line file.
/// </summary>
[MemoryDiagnoser]
public class LineSlicingBenchmarks
{
    private byte[] _small = [];
    private byte[] _large = [];

    [GlobalSetup]
    public void Setup()
    {
        _small = Encoding.UTF8.GetBytes(SampleText.Clean(300));
        _large = Encoding.UTF8.GetBytes(SampleText.Clean(20_000, seed: 7));
    }

    [Benchmark(Baseline = true)]
    public string Whole300LineFile() => Slice(_small, 1, 300);

    [Benchmark]
    public string Page500LinesFromTheMiddleOf20000() => Slice(_large, 10_001, 10_500);

    [Benchmark]
    public int CountLinesOf20000LineFile() => TextLines.Count(_large);

    [Benchmark]
    public bool BinaryProbe() => TextLines.LooksBinary(_large);

    private static string Slice(ReadOnlySpan<byte> bytes, int start, int end)
    {
        var total = TextLines.Count(bytes);
        var last = Math.Min(end, total);
        var from = TextLines.Skip(bytes, start - 1);
        var to = from + TextLines.Skip(bytes[from..], last - start + 1);
        return Encoding.UTF8.GetString(bytes[from..to]);
    }
}
