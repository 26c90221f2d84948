namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>
/// The test-only Node.js tools of tests/node (Redocly's OpenAPI linter, the official MCP TypeScript SDK), pinned by
/// its package-lock.json and installed by ./test.sh (`npm ci`). A missing node or package fails the test with what
/// to run: these tests must never pass without their tool. Tools run from a temp folder and are handed temp files,
/// so nothing is written into the checkout.
/// </summary>
public static class NodeTools
{
    public static string Folder { get; } = Checkout.Combine("tests", "node");

    /// <summary>Environment that keeps the tools off the network and quiet: no telemetry, no update checks.</summary>
    public static readonly IReadOnlyDictionary<string, string?> QuietEnvironment = new Dictionary<string, string?>
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
        ["NO_COLOR"] = "1",
        ["NO_UPDATE_NOTIFIER"] = "1",
    };

    /// <summary>node on PATH, or a failed assertion saying how to get it.</summary>
    public static string Node()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, "node is not installed: ./test.sh installs Debian's nodejs and npm, or run `apt-get install nodejs npm`.");
        return path!;
    }

    /// <summary>The full path of <paramref name="relative"/> under tests/node/node_modules, or a failed assertion saying how to install it.</summary>
    public static string Package(string relative)
    {
        var full = Path.Combine(Folder, "node_modules", relative);
        Assert.True(File.Exists(full), $"{relative} is not installed under tests/node/node_modules: run ./test.sh, or `npm ci --ignore-scripts` in tests/node.");
        return full;
    }

    /// <summary>Runs a script with node in <paramref name="workingDirectory"/> (a temp folder) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(
        string script, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null, int timeoutSeconds = 120)
    {
        var merged = new Dictionary<string, string?>(QuietEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return ChildProcess.RunAsync(Node(), [script, .. arguments], workingDirectory, merged, timeoutSeconds);
    }
}
