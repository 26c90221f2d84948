using BenchmarkDotNet.Attributes;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// The single-line worst cases of <see cref="RedactionInputs.WorstCases"/> (5 MB of one unit repeated): each must
/// run in time linear in its length; MB/s = 5.24 M chars / mean. A case the budget refuses measures the refusal.
/// </summary>
[MemoryDiagnoser]
public class RedactionWorstCaseBenchmarks
{
    private RedactionEngine _redactor = null!;
    private string _text = "";

    public static IEnumerable<string> Cases => RedactionInputs.WorstCases().Select(c => c.Name);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _redactor = RedactionEngine.CreateDefault();
        _text = RedactionInputs.WorstCases().Single(c => c.Name == Case).Text;
    }

    [Benchmark]
    public int FiveMegabyteLine()
    {
        try
        {
            return _redactor.Redact(_text).Length;
        }
        catch (ApiProblemException problem)
        {
            return problem.Status;
        }
    }
}
