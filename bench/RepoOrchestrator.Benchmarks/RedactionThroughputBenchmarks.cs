using BenchmarkDotNet.Attributes;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// Redaction throughput (issue 14, goal at least 50 MB/s on both): real code (this repository's own src/*.cs,
/// concatenated) and adversarial keyword-dense input (secret-like names, assignments and keywords packed on one
/// line), plus the refusal path of a 5 MB line that exceeds the budget. MB/s = size / mean time; the sizes are
/// printed by the setup.
/// </summary>
[MemoryDiagnoser]
public class RedactionThroughputBenchmarks
{
    private RedactionEngine _redactor = null!;
    private string _realCode = "";
    private string _dense = "";
    private string _overBudget = "";

    [GlobalSetup]
    public void Setup()
    {
        _redactor = RedactionEngine.CreateDefault();
        _realCode = string.Join('\n', Directory.EnumerateFiles(FindSrc(), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        // Every 64 characters a name the rules must look at; an assignment every ~200 (about 5,000 per MB, under budget).
        const string unit = "token tokenizer password_hash secretary; apiKey + auth ok; password = \"Xk9vQ2mP7rT4wZ\"; x1 = y2 + z3 * w4;   ";
        _dense = string.Concat(Enumerable.Repeat(unit, (1024 * 1024 / unit.Length) + 1));
        _overBudget = string.Concat(Enumerable.Repeat("password=Xk9vQ2mP7rT4wZ ", 5 * 1024 * 1024 / 24));
        Console.WriteLine($"// real code: {_realCode.Length / 1e6:F2} M chars; dense: {_dense.Length / 1e6:F2} M chars; over budget: {_overBudget.Length / 1e6:F2} M chars");
        if (_redactor.Redact(_dense).Contains("Xk9vQ2mP7rT4wZ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The dense sample is not redacted.");
        }
    }

    [Benchmark]
    public int RealCode() => _redactor.Redact(_realCode).Length;

    [Benchmark]
    public int KeywordDense1MB() => _redactor.Redact(_dense).Length;

    [Benchmark]
    public int OverBudget5MBRefused()
    {
        try
        {
            return _redactor.Redact(_overBudget).Length;
        }
        catch (ApiProblemException problem)
        {
            return problem.Status;
        }
    }

    private static string FindSrc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var src = Path.Combine(dir.FullName, "src", "RepoOrchestrator");
            if (Directory.Exists(src))
            {
                return src;
            }
        }

        throw new InvalidOperationException("Run from inside the repository: src/RepoOrchestrator was not found above " + AppContext.BaseDirectory);
    }
}
