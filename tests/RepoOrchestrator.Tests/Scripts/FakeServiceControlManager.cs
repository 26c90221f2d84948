using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Scripts;

/// <summary>
/// The one fake of the script tests: a stand-in `sc` (Scripts/fake_sc.sh) first on PATH, in a temp folder of its
/// own, that records every call's arguments as sc.exe would receive them and keeps one service's state.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FakeServiceControlManager : IDisposable
{
    private readonly TempDirectory _folder = new("fake-sc");

    public FakeServiceControlManager()
    {
        var bin = _folder.Combine("bin");
        Directory.CreateDirectory(bin);
        var sc = Path.Combine(bin, "sc");
        File.Copy(Checkout.Combine("tests", "RepoOrchestrator.Tests", "Scripts", "fake_sc.sh"), sc);
        File.SetUnixFileMode(sc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment = new Dictionary<string, string?>
        {
            ["FAKE_SC_DIR"] = _folder.Path,
            ["PATH"] = bin + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        };
    }

    /// <summary>PATH with the stand-in first, and where it keeps its state; add FAKE_SC_FAIL / FAKE_SC_START_STATE to this.</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>Every call so far, each as the argument list sc.exe would have received.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Calls =>
        File.Exists(_folder.Combine("calls"))
            ? [.. File.ReadAllLines(_folder.Combine("calls")).Select(line => (IReadOnlyList<string>)line.TrimEnd('\x1f').Split('\x1f'))]
            : [];

    /// <summary>The first word of every call: query, create, start, …</summary>
    public IReadOnlyList<string> Verbs => [.. Calls.Select(call => call[0])];

    /// <summary>The installed service's state (STOPPED, RUNNING), or null when it is not installed.</summary>
    public string? State => File.Exists(_folder.Combine("state")) ? File.ReadAllText(_folder.Combine("state")).Trim() : null;

    public string? BinaryPath => File.Exists(_folder.Combine("binpath")) ? File.ReadAllText(_folder.Combine("binpath")) : null;

    /// <summary>Starts from an installed service with this command line and state, as `sc create` would have left it.</summary>
    public void Install(string binaryPath, string state = "STOPPED")
    {
        File.WriteAllText(_folder.Combine("binpath"), binaryPath);
        File.WriteAllText(_folder.Combine("state"), state + "\n");
    }

    public void ForgetCalls() => File.Delete(_folder.Combine("calls"));

    public void Dispose() => _folder.Dispose();
}
