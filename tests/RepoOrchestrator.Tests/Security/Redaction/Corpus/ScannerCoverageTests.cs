using System.Globalization;
using RepoOrchestrator.Security.Redaction;
using Xunit.Abstractions;

namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// Recall on other scanners' test samples (<see cref="ScannerCorpus"/>), the way an outside review measures it: a
/// sample counts only if every secret in it is gone from the output. Prints the figure per source and every missed
/// rule with the contexts it was missed in, and fails below <see cref="RedactionCoverageTests.RecallGoal"/>. The
/// scanners' false-positive samples must come back unchanged.
/// </summary>
public sealed class ScannerCoverageTests(ITestOutputHelper output)
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    [Fact]
    public void Recall_OtherScannersSamples_MeetsGoal()
    {
        var samples = ScannerCorpus.All().ToList();
        var missed = samples.Where(s => !IsCaught(s)).ToList();
        foreach (var (source, group) in new[] { ("gitleaks", ScannerCorpus.Gitleaks()), ("trufflehog", ScannerCorpus.Trufflehog()), ("detect-secrets", ScannerCorpus.DetectSecrets()), ("noseyparker", ScannerCorpus.NoseyParker()), ("kingfisher", ScannerCorpus.Kingfisher()), ("round 36", ScannerCorpus.Round36()), ("round 36b", ScannerCorpus.Round36b()), ("round 36c", ScannerCorpus.Round36c()) })
        {
            var list = group.ToList();
            var caught = list.Count(IsCaught);
            output.WriteLine($"{source}: {list.Count} samples, {caught} caught, recall {((double)caught / list.Count).ToString("P2", CultureInfo.InvariantCulture)}");
        }

        var recall = 1 - ((double)missed.Count / samples.Count);
        output.WriteLine($"all: {samples.Count} samples of {samples.Select(s => s.Kind).Distinct().Count()} rules and forms, {missed.Count} missed, recall {recall.ToString("P2", CultureInfo.InvariantCulture)}");
        foreach (var rule in missed.GroupBy(m => m.Kind))
        {
            var first = rule.First();
            output.WriteLine($"  missed {rule.Key} in {rule.Count()}: {string.Join(", ", rule.Select(m => m.Context).Distinct())}");
            output.WriteLine($"    e.g. {first.Text.ReplaceLineEndings("⏎")} -> {Engine.Redact(first.Text).ReplaceLineEndings("⏎")}");
        }

        Assert.True(recall >= RedactionCoverageTests.RecallGoal, $"recall {recall:P2} is below {RedactionCoverageTests.RecallGoal:P0}; {missed.Count} of {samples.Count} missed");
    }

    /// <summary>Recall on <see cref="Round36Samples"/> alone, per source, with every miss; the goal is the figure reached when it was added.</summary>
    [Fact]
    public void Recall_Round36Samples_MeetsGoal()
    {
        const double Goal = 0.976;
        RecallMeetsGoal("round 36", ScannerCorpus.Round36().ToList(), Goal);
    }

    /// <summary>Recall on <see cref="Round36bSamples"/> alone, per source, with every miss; the goal is the figure reached when it was added.</summary>
    [Fact]
    public void Recall_Round36bSamples_MeetsGoal()
    {
        const double Goal = 0.901;
        RecallMeetsGoal("round 36b", ScannerCorpus.Round36b().ToList(), Goal);
    }

    /// <summary>Recall on <see cref="Round36cSamples"/> alone, per source, with every miss; the goal is the figure reached when it was added.</summary>
    [Fact]
    public void Recall_Round36cSamples_MeetsGoal()
    {
        const double Goal = 0.992;
        RecallMeetsGoal("round 36c", ScannerCorpus.Round36c().ToList(), Goal);
    }

    [Fact]
    public void Corpus_CoversManyProvidersFromEachSource()
    {
        Assert.True(GitleaksRuleSamples.Rules.Select(r => r.Identifier).Distinct(StringComparer.Ordinal).Count() >= 100);
        Assert.True(ScannerCorpus.All().Select(s => s.Kind).Distinct(StringComparer.Ordinal).Count() >= 150);
        Assert.All([ScannerCorpus.Gitleaks(), ScannerCorpus.Trufflehog(), ScannerCorpus.DetectSecrets(), ScannerCorpus.NoseyParker(), ScannerCorpus.Kingfisher()], g => Assert.True(g.Count() >= 40));
    }

    [Fact]
    public void FalsePositives_OtherScannersNegatives_AreUnchanged()
    {
        var changed = ScannerHandSamples.Negatives.Where(n => Engine.Redact(n.Text) != n.Text).ToList();
        output.WriteLine($"scanner negatives: {ScannerHandSamples.Negatives.Count()}, changed {changed.Count}");
        foreach (var (source, text) in changed)
        {
            output.WriteLine($"  {source}: {text.ReplaceLineEndings("⏎")} -> {Engine.Redact(text).ReplaceLineEndings("⏎")}");
        }

        Assert.Empty(changed.Select(c => c.Text));
    }

    [Fact]
    public void FalsePositives_KnownDifferences_AreAsDocumented()
    {
        foreach (var (source, text, why) in ScannerHandSamples.KnownDifferences)
        {
            var redacted = Engine.Redact(text);
            output.WriteLine($"  {source}: {text} -> {redacted} ({why})");
            Assert.Equal(why.StartsWith("detect-secrets needs", StringComparison.Ordinal), redacted == text);
        }
    }

    // Prints the figure per source and every miss of one round's samples, and fails below its goal.
    private void RecallMeetsGoal(string round, List<PositiveSample> samples, double goal)
    {
        foreach (var source in samples.GroupBy(s => s.Context.Split(' ')[0]))
        {
            output.WriteLine($"{source.Key}: {source.Count()} samples, {source.Count(IsCaught)} caught");
        }

        var missed = samples.Where(s => !IsCaught(s)).ToList();
        var recall = 1 - ((double)missed.Count / samples.Count);
        output.WriteLine($"{round}: {samples.Count} samples of {samples.Select(s => s.Kind).Distinct().Count()} rules, {missed.Count} missed, recall {recall.ToString("P2", CultureInfo.InvariantCulture)}");
        foreach (var miss in missed)
        {
            output.WriteLine($"  missed {miss.Kind} ({miss.Context}): {miss.Text.ReplaceLineEndings("⏎")} -> {Engine.Redact(miss.Text).ReplaceLineEndings("⏎")}");
        }

        Assert.True(recall >= goal, $"recall {recall:P2} is below {goal:P2}; {missed.Count} of {samples.Count} missed");
    }

    private static bool IsCaught(PositiveSample sample) => sample.IsCaughtBy(Engine);
}
