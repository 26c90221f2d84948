using System.Text.RegularExpressions;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>
/// STYLE.md's ownership rules are enforced by the build (Microsoft.CodeAnalysis.BannedApiAnalyzers reads
/// src/RepoOrchestrator/BannedSymbols.txt; RS0030 is an error under TreatWarningsAsErrors). These tests keep that
/// mechanism in place: the analyzer stays wired, the list keeps banning the clock, sleeps, process start and raw
/// file opens, and every exemption names its owner and stays inside one statement or the owner's file.
/// </summary>
public sealed partial class OwnershipRulesTests
{
    private static readonly string Source = Path.Combine(Checkout.Root, "src", "RepoOrchestrator");

    [Fact]
    public void Project_ReferencesTheBannedApiAnalyzerWithItsList()
    {
        var project = File.ReadAllText(Path.Combine(Source, "RepoOrchestrator.csproj"));

        Assert.Contains("<PackageReference Include=\"Microsoft.CodeAnalysis.BannedApiAnalyzers\"", project, StringComparison.Ordinal);
        Assert.Contains("<AdditionalFiles Include=\"BannedSymbols.txt\" />", project, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P:System.DateTime.UtcNow")]
    [InlineData("P:System.DateTimeOffset.UtcNow")]
    [InlineData("M:System.Threading.Thread.Sleep(System.Int32)")]
    [InlineData("M:System.Threading.Tasks.Task.Delay(System.TimeSpan)")]
    [InlineData("T:System.Diagnostics.Process")]
    [InlineData("T:System.Diagnostics.ProcessStartInfo")]
    [InlineData("M:System.IO.File.OpenRead(System.String)")]
    [InlineData("M:System.IO.File.ReadAllText(System.String)")]
    [InlineData("M:System.IO.FileStream.#ctor(System.String,System.IO.FileStreamOptions)")]
    public void BannedSymbols_ListsTheOwnedApi(string symbol)
    {
        var banned = File.ReadAllLines(Path.Combine(Source, "BannedSymbols.txt")).Select(l => l.Split(';')[0].Trim());

        Assert.Contains(symbol, banned);
    }

    [Fact]
    public void Exemptions_EachNamesItsOwnerAndIsRestored()
    {
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            var relative = Path.GetRelativePath(Source, file);
            var open = -1;
            for (var i = 0; i < lines.Length; i++)
            {
                if (Disable().Match(lines[i]) is { Success: true } disable)
                {
                    if (!disable.Groups["why"].Value.StartsWith("// owner: ", StringComparison.Ordinal))
                    {
                        problems.Add($"{relative}:{i + 1}: an RS0030 exemption without '// owner: <who and why>'");
                    }

                    // Only the process runner is exempt as a whole file (its first line); others restore after the statement.
                    open = i == 0 && relative == Path.Combine("Processes", "ProcessRunner.cs") ? int.MinValue : i;
                }
                else if (lines[i].TrimStart().StartsWith("#pragma warning restore RS0030", StringComparison.Ordinal))
                {
                    if (open >= 0 && i - open > 8)
                    {
                        problems.Add($"{relative}:{open + 1}: an RS0030 exemption spans {i - open} lines; keep it to one statement");
                    }

                    open = -1;
                }
            }

            if (open >= 0)
            {
                problems.Add($"{relative}:{open + 1}: an RS0030 exemption is never restored");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [GeneratedRegex(@"^\s*#pragma warning disable RS0030\s*(?<why>.*)$")]
    private static partial Regex Disable();
}
