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
        _realCode = RedactionInputs.RealCode();
        _dense = RedactionInputs.KeywordDense();
        _overBudget = RedactionInputs.OverBudget();
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
}
