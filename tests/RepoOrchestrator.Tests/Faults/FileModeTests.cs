using System.Net;
using System.Net.Http.Headers;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>
/// The real service and command line run under `umask 000`: everything they write under ORCH_HOME (state store
/// and its journals, audit log, its backups and lock, token files, snapshots) is 0600 and every folder 0700.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll");

    [Fact]
    public async Task Service_UnderUmask000_WritesOnly0600FilesAnd0700Folders()
    {
        using var temp = new TempDirectory("orch-modes");
        var home = temp.Combine("home"); // created by the service
        new TempGitRepo(temp.Combine("repos"), "app").Write("a.txt", "hello\n").Commit();
        var port = ChildProcess.FreePort();
        var env = new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = home,
            ["ORCH_REPO_ROOT"] = temp.Combine("repos"),
            ["ORCH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORCH_HEADLESS"] = "true",
            ["ORCH_AUDIT_LOG_MAX_BYTES"] = "1024", // a few reads rotate: backups are checked too
            ["DLL"] = Dll,
        };
        await using (var service = ChildProcess.Start("bash", ["-c", "umask 000; exec dotnet \"$DLL\""], temp.Path, env))
        {
            await service.WaitForLineAsync(l => l.Contains("is listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var (selected, _, selectError) = await ChildProcess.RunAsync("bash", ["-c", "umask 000; exec dotnet \"$DLL\" repos select app"], temp.Path, env);
            Assert.True(selected == 0, selectError);
            var token = (await File.ReadAllTextAsync(Path.Combine(home, ".orch_actions_token"))).Trim();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; i < 12; i++)
            {
                using var read = await http.GetAsync(new Uri("/file?path=a.txt", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }

            var files = Directory.GetFiles(home, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.Contains("orchestrator.db-wal", files);
            Assert.Contains("orchestrator_audit.log.1", files);
            AssertPrivate(home);
            await service.DisposeAsync();
        }

        AssertPrivate(home);
    }

    private static void AssertPrivate(string home)
    {
        Assert.Equal(FolderMode, File.GetUnixFileMode(home));
        foreach (var folder in Directory.GetDirectories(home, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetUnixFileMode(folder) == FolderMode, $"{folder} is {File.GetUnixFileMode(folder)}");
        }

        var files = Directory.GetFiles(home, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(".lock", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".orch_token", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(Path.GetDirectoryName(f)) == ".orch_snapshots");
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == FileMode, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }
}
