using BenchmarkDotNet.Attributes;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// The redaction engine on a 300-line file body (the /file case) and on one search result line, clean and with a
/// secret on every tenth line.
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private ITextRedactor _redactor = null!;
    private string _cleanFile = "";
    private string _secretFile = "";
    private string _cleanLine = "";

    [GlobalSetup]
    public void Setup()
    {
        _redactor = RedactionEngine.CreateDefault();
        _cleanFile = SampleText.Clean(300);
        _secretFile = SampleText.WithSecrets(300);
        _cleanLine = "        result = self.session_handler(request, retries=3)  # keep the token order stable";
        if (!ReferenceEquals(_redactor.Redact(_cleanFile), _cleanFile) || !_redactor.Redact(_secretFile).Contains(ITextRedactor.Marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The sample texts do not exercise the redactor as intended.");
        }
    }

    [Benchmark(Baseline = true)]
    public string CleanFile300Lines() => _redactor.Redact(_cleanFile);

    [Benchmark]
    public string SecretFile300Lines() => _redactor.Redact(_secretFile);

    [Benchmark]
    public string CleanSearchLine() => _redactor.Redact(_cleanLine);
}
