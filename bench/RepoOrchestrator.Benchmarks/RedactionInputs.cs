namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// The inputs of the redaction throughput figures (issue 14), shared by the BenchmarkDotNet class and the quick
/// timer: real code (this repository's own src/*.cs), keyword-dense text, and single-line worst cases.
/// </summary>
internal static class RedactionInputs
{
    private const int Adversarial = 5 * 1024 * 1024;

    public static string RealCode() =>
        string.Join('\n', Directory.EnumerateFiles(FindSrc(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText));

    /// <summary>Every 64 characters a name the rules must look at; an assignment every ~200 (about 5,000 per MB, under budget).</summary>
    public static string KeywordDense() =>
        Repeat("token tokenizer password_hash secretary; apiKey + auth ok; password = \"Xk9vQ2mP7rT4wZ\"; x1 = y2 + z3 * w4;   ", 1024 * 1024);

    public static string OverBudget() => Repeat("password=Xk9vQ2mP7rT4wZ ", Adversarial);

    /// <summary>5 MB single lines of one keyword or shape repeated: each must cost linear time (or be refused by the budget).</summary>
    public static IReadOnlyList<(string Name, string Text)> WorstCases() =>
    [
        ("password= x5MB", Repeat("password=", Adversarial)),
        ("sk_live_ x5MB", Repeat("sk_live_", Adversarial)),
        ("-----BEGIN x5MB", Repeat("-----BEGIN ", Adversarial)),
        ("-----BEGIN RSA PRIVATE KEY----- x5MB", Repeat("-----BEGIN RSA PRIVATE KEY-----", Adversarial)),
        ("base64 run 5MB", Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkw+/", Adversarial)),
        ("\"key\": x5MB", Repeat("\"key\":", Adversarial)),
        ("\"api_key\": x5MB", Repeat("\"api_key\": ", Adversarial)),
        ("provider names x5MB", Repeat("twilio stripe datadog sendgrid heroku ", Adversarial)),
        ("ghp_ x5MB", Repeat("ghp_", Adversarial)),
        ("://a:b@ x5MB", Repeat("://a:", Adversarial)),
        ("eyJ x5MB", Repeat("eyJ", Adversarial)),
        ("Authorization: x5MB", Repeat("Authorization: ", Adversarial)),
        ("sk- x5MB", Repeat("sk-", Adversarial)),
        ("AKIA x5MB", Repeat("AKIA", Adversarial)),
        ("xoxb- x5MB", Repeat("xoxb-", Adversarial)),
        ("glpat- x5MB", Repeat("glpat-", Adversarial)),
    ];

    private static string Repeat(string unit, int size) => string.Concat(Enumerable.Repeat(unit, (size / unit.Length) + 1));

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
