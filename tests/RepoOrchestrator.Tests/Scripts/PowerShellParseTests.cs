using System.Text;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Vitaminize;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// Every .ps1 of the checkout (found on disk, not listed here) parses with PowerShell's own parser, and the kit's
/// launcher rendered with hostile install paths still holds each path as one string and nothing else.
/// </summary>
public sealed class PowerShellParseTests
{
    private static readonly string Parser = Checkout.Combine("tests", "RepoOrchestrator.Tests", "Scripts", "parse_powershell.ps1");
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    [Fact]
    public async Task EveryPs1InTheCheckout_ParsesWithoutErrors()
    {
        var files = Ps1Files(Checkout.Root).ToList();
        Assert.Contains(Checkout.Combine("scripts", "manage_service.ps1"), files);
        Assert.Contains(Checkout.Combine("scripts", "launch_orchestrator.ps1"), files);
        Assert.Contains(Checkout.Combine("src", "RepoOrchestrator", "kit", "scripts", "launch_orchestrator.ps1"), files);
        // The checker itself must report a broken file, with its line, or a pass would mean nothing.
        using var temp = new TempDirectory("ps1");
        var broken = temp.WriteFile("broken.ps1", "$ok = 1\nif ($x {\n");

        var (code, output, error) = await PowerShell.RunAsync(Parser, [broken, .. files], temp.Path);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{broken}:2:Missing closing ')' after expression in 'if' statement.", lines);
        var problems = lines.Where(l => !l.StartsWith("parsed ", StringComparison.Ordinal) && !l.StartsWith(broken, StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, "PowerShell parse errors (file:line:message):\n" + string.Join('\n', problems));
        Assert.Equal(files.Select(f => "parsed " + f), lines.Where(l => l.StartsWith("parsed /", StringComparison.Ordinal)).Skip(1));
    }

    [Fact]
    public async Task KitLauncher_RenderedWithHostileHome_HoldsThePathAsOneString()
    {
        // Every quote PowerShell knows (' ‘ ’ ‚ ‛) can end a '…' string; each is followed by code that must stay text.
        const string home = "/srv/a'b; touch /tmp/pwned-ascii; 'c\u2018d\u2019; touch /tmp/pwned; \u2019e\u201Af\u201Bg $(whoami) `h #";
        var kit = new LauncherKit(new ServiceHome(home, Path.Combine(home, "orchestrator.db")));
        var file = LauncherKit.Files.Single(f => f.RelativePath == "scripts/launch_orchestrator.ps1");
        using var temp = new TempDirectory("ps1");
        var rendered = temp.WriteFile("launch_orchestrator.ps1", Encoding.UTF8.GetString(kit.Render(file)));

        var (code, output, error) = await PowerShell.RunAsync(Parser, ["-Strings", rendered], temp.Path);

        Assert.True(code == 0, error);
        Assert.Equal(
            [
                $"{rendered}: $ErrorActionPreference = [Stop]",
                $"{rendered}: $installedAt = [{LauncherKit.InstallDirectory}]",
                $"{rendered}: $installedHome = [{home}]",
                $"parsed {rendered}",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static IEnumerable<string> Ps1Files(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.ps1").Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(sub)) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                foreach (var file in Ps1Files(sub))
                {
                    yield return file;
                }
            }
        }
    }
}
