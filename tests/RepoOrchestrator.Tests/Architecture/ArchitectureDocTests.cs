using System.Text.RegularExpressions;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>docs/ARCHITECTURE.md names the file that owns each step: those files must exist, and every source folder must be in its layout.</summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Doc = File.ReadAllText(Checkout.Combine("docs", "ARCHITECTURE.md"));

    [Fact]
    public void ArchitectureDoc_NamedSourceFiles_Exist()
    {
        var named = SourceFile().Matches(Doc).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(named);
        var missing = named.Where(p => !File.Exists(Checkout.Combine("src", "RepoOrchestrator", p))).ToList();
        Assert.True(missing.Count == 0, "docs/ARCHITECTURE.md names files that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void ArchitectureDoc_Layout_ListsEverySourceFolder()
    {
        var folders = Directory.GetDirectories(Checkout.Combine("src", "RepoOrchestrator"))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "wwwroot" or "kit" or "Properties"))
            .Where(name => Directory.EnumerateFiles(Checkout.Combine("src", "RepoOrchestrator", name!), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();
        var missing = folders.Where(f => !Doc.Contains($"`{f}/", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/ARCHITECTURE.md's layout does not list: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"`([A-Za-z]+(?:/[A-Za-z]+)*/[A-Za-z]+\.cs)`")]
    private static partial Regex SourceFile();
}
