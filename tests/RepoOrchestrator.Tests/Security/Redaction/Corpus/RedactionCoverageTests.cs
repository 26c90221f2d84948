using System.Globalization;
using System.Text.RegularExpressions;
using RepoOrchestrator.Security.Redaction;
using Xunit.Abstractions;

namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// The coverage figures of issue 14 on our own corpus (see <see cref="PositiveCorpus"/> and <see cref="NegativeCorpus"/>):
/// recall over the positives (a sample counts only if every secret in it is gone from the output), the share of
/// lines changed in benign code, and the tricky negatives. Each test prints its figures and fails below the goal.
/// </summary>
public sealed class RedactionCoverageTests(ITestOutputHelper output)
{
    public const double RecallGoal = 0.97;
    public const double BenignLineRateGoal = 0.0002; // 0.02 % of lines

    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    [Fact]
    public void Recall_ProviderFormatsInManySyntaxes_MeetsGoal()
    {
        var samples = PositiveCorpus.ProviderSamples().ToList();
        var missed = samples.Where(s => !IsCaught(s)).ToList();
        var recall = 1 - ((double)missed.Count / samples.Count);

        output.WriteLine($"provider samples: {samples.Count}, formats: {ProviderCatalog.Formats.Count}, recall: {recall:P2}");
        foreach (var miss in missed.Take(40))
        {
            output.WriteLine($"  missed {miss.Kind} in {miss.Context}: {miss.Text.ReplaceLineEndings("⏎")}");
        }

        Assert.True(recall >= RecallGoal, $"recall {recall:P2} is below {RecallGoal:P0}; {missed.Count} of {samples.Count} missed");
    }

    [Fact]
    public void Recall_EveryCatalogFormat_IsCaughtInAtLeastTwoSyntaxes()
    {
        var caught = PositiveCorpus.ProviderSamples().Where(IsCaught).GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Select(s => s.Context).Distinct().Count());
        var weak = ProviderCatalog.Formats.Where(f => caught.GetValueOrDefault(f.Id) < 2).Select(f => f.Id).ToList();

        Assert.True(weak.Count == 0, "caught in fewer than two syntaxes: " + string.Join(", ", weak));
    }

    [Fact]
    public void Recall_AssignmentAndMultiLineForms_AllCaught()
    {
        var samples = PositiveCorpus.FormSamples().ToList();
        var missed = samples.Where(s => !IsCaught(s)).ToList();
        output.WriteLine($"assignment and multi-line forms: {samples.Count}, caught {samples.Count - missed.Count}");
        foreach (var miss in missed)
        {
            output.WriteLine($"  missed {miss.Kind}: {miss.Text.ReplaceLineEndings("⏎")} -> {Engine.Redact(miss.Text).ReplaceLineEndings("⏎")}");
        }

        Assert.Empty(missed.Select(m => m.Kind));
    }

    [Fact]
    public void Recall_AllPositives_MeetsGoal()
    {
        var samples = PositiveCorpus.ProviderSamples().Concat(PositiveCorpus.FormSamples()).ToList();
        var recall = (double)samples.Count(IsCaught) / samples.Count;
        output.WriteLine($"all positives: {samples.Count}, recall {recall.ToString("P2", CultureInfo.InvariantCulture)}");

        Assert.True(recall >= RecallGoal, $"recall {recall:P2} is below {RecallGoal:P0}");
    }

    [Fact]
    public void FalsePositives_BenignCodeAndLockFiles_ChangeFewLines()
    {
        var files = NegativeCorpus.RepositoryFiles().Concat(NegativeCorpus.LockFiles()).ToList();
        var (lines, changed) = CountChangedLines(files, examplesPerFile: 3, exampleLength: int.MaxValue);

        var rate = (double)changed / lines;
        output.WriteLine($"benign corpus: {files.Count} files, {lines} lines, {changed} changed, line rate {rate.ToString("P4", CultureInfo.InvariantCulture)}");

        Assert.True(lines > 10_000, $"the benign corpus is too small to measure ({lines} lines)");
        Assert.True(rate <= BenignLineRateGoal, $"{rate:P4} of benign lines changed (goal {BenignLineRateGoal:P2})");
    }

    [Fact]
    public void FalsePositives_DotNetSdkFiles_ChangeFewLines()
    {
        var files = NegativeCorpus.SdkFiles().ToList();
        Assert.True(files.Count > 100, "the .NET SDK's packs/ and sdk/ folders were not found next to the running runtime");

        var (lines, changed) = CountChangedLines(files, examplesPerFile: 2, exampleLength: 160);

        var rate = (double)changed / lines;
        output.WriteLine($".NET SDK corpus: {files.Count} files, {lines} lines, {changed} changed, line rate {rate.ToString("P4", CultureInfo.InvariantCulture)}");

        Assert.True(rate <= BenignLineRateGoal, $"{rate:P4} of SDK lines changed (goal {BenignLineRateGoal:P2})");
    }

    [Fact]
    public void FalsePositives_TrickyNegatives_AreUnchanged()
    {
        var samples = NegativeCorpus.Tricky().ToList();
        var changed = samples.Where(s => Engine.Redact(s.Text) != s.Text).ToList();
        var lineTotal = samples.Sum(s => s.Text.Split('\n').Length);
        var lineChanged = samples.Sum(s => ChangedLines(s.Text).Changed);
        output.WriteLine($"tricky negatives: {samples.Count} samples, {changed.Count} changed; {lineChanged} of {lineTotal} lines");
        foreach (var sample in changed)
        {
            output.WriteLine($"  {sample.Kind}: {Engine.Redact(sample.Text).ReplaceLineEndings("⏎")}");
        }

        Assert.Empty(changed.Select(s => s.Kind));
    }

    [Fact]
    public void ProviderCatalog_CoversAtLeast150Providers()
    {
        var providers = ProviderCatalog.Formats.Select(f => f.Provider).Distinct(StringComparer.Ordinal).Count();
        var categories = ProviderCatalog.Formats.GroupBy(f => f.Category).ToDictionary(g => g.Key, g => g.Select(f => f.Provider).Distinct().Count());
        output.WriteLine($"providers: {providers}, formats: {ProviderCatalog.Formats.Count}; " + string.Join(", ", categories.Select(c => $"{c.Key} {c.Value}")));

        Assert.True(providers >= 150, $"{providers} providers");
        Assert.All(["cloud", "vcs", "ci", "payments", "messaging", "monitoring", "ai", "registry", "database"], c => Assert.True(categories.GetValueOrDefault(c) >= 5, c));
    }

    [Fact]
    public void ProviderCatalog_HasShortHexAndPunctuatedFormats()
    {
        var samples = ProviderCatalog.Formats.Select(f => ProviderFormatSamples.Generate(ProviderFormatSamples.Templates[f.Id], new Random(1))).ToList();

        Assert.Contains(samples, s => s.Length < 32);
        Assert.Contains(samples, s => s.All(char.IsAsciiHexDigit));
        Assert.Contains(samples, s => s.Contains('~', StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Contains('.', StringComparison.Ordinal));
        Assert.Equal(ProviderCatalog.Formats.Select(f => f.Id).Order(), ProviderFormatSamples.Templates.Keys.Order());
    }

    [Fact]
    public void BuiltInExpressions_AllCompileWithNonBacktracking()
    {
        var patterns = typeof(BuiltInPatterns).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
            .Select(m => ((Regex)m.Invoke(null, null)!).ToString())
            .Concat(BuiltInRules.Create().OfType<RegexRedactionRule>().Select(r => r.Regex.ToString()))
            .Concat(ProviderCatalog.Formats.Select(f => f.Pattern))
            .ToList();

        Assert.True(patterns.Count > 300);
        Assert.All(patterns, p => _ = new Regex(p, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
    }

    private static bool IsCaught(PositiveSample sample) => sample.IsCaughtBy(Engine);

    /// <summary>Lines and changed lines over <paramref name="files"/>, printing a few changed lines of each file.</summary>
    private (long Lines, long Changed) CountChangedLines(IEnumerable<NegativeSample> files, int examplesPerFile, int exampleLength)
    {
        long lines = 0, changed = 0;
        foreach (var file in files)
        {
            var (total, diff, examples) = ChangedLines(file.Text);
            lines += total;
            changed += diff;
            foreach (var example in examples.Take(examplesPerFile))
            {
                output.WriteLine($"  changed in {file.Kind}: {example[..Math.Min(exampleLength, example.Length)]}");
            }
        }

        return (lines, changed);
    }

    private static (int Total, int Changed, List<string> Examples) ChangedLines(string text)
    {
        var before = text.Split('\n');
        var after = Engine.Redact(text).Split('\n');
        var examples = new List<string>();
        if (before.Length != after.Length)
        {
            return (before.Length, Math.Abs(before.Length - after.Length) + 1, ["(line count changed)"]);
        }

        var changed = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] != after[i])
            {
                changed++;
                examples.Add(after[i].Trim());
            }
        }

        return (before.Length, changed, examples);
    }
}
