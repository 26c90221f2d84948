using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tests.Hosting;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Deploy;

/// <summary>
/// The .NET tool package (issue 20): `dotnet pack` of the service, installed from the packed folder with
/// `dotnet tool install --tool-path` (the README shows `-g`; a tool path keeps the machine as it was), answers
/// `--version`, and run from another folder serves the dashboard and the API with its own home and root. Packing
/// writes nothing into the checkout (`--artifacts-path` in a temp folder) and runs with the publish tests, one at a time.
/// </summary>
[Collection(PublishedBuildUsers.Name)]
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Pack_InstallAsTool_VersionAndServe()
    {
        using var temp = new TempDirectory("orch-tool");
        var (packed, packOut, packErr) = await ChildProcess.RunAsync(
            "dotnet", ["pack", "src/RepoOrchestrator", "-c", "Release", "-o", temp.Combine("feed"), "--artifacts-path", temp.Combine("artifacts"), "-nologo"],
            Checkout.Root, timeoutSeconds: 600);
        Assert.True(packed == 0, packOut + packErr);
        Assert.True(File.Exists(temp.Combine("feed", $"repo-orchestrator.{StatusService.Version}.nupkg")), packOut);

        var (installed, installOut, installErr) = await ChildProcess.RunAsync(
            "dotnet", ["tool", "install", "--tool-path", temp.Combine("tools"), "repo-orchestrator", "--add-source", temp.Combine("feed")],
            temp.Path, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = temp.Combine("nuget") }, timeoutSeconds: 300); // never an older cached 1.0.0
        Assert.True(installed == 0, installOut + installErr);
        var tool = temp.Combine("tools", OperatingSystem.IsWindows() ? "repo-orchestrator.exe" : "repo-orchestrator");

        var (versionCode, version, _) = await ChildProcess.RunAsync(tool, ["--version"], temp.Path);
        Assert.Equal(0, versionCode);
        Assert.StartsWith(StatusService.Version, version.Trim(), StringComparison.Ordinal);

        var port = ChildProcess.FreePort();
        Directory.CreateDirectory(temp.Combine("repos"));
        await using var service = ChildProcess.Start(tool, [], temp.Path, new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = temp.Combine("home"),
            ["ORCH_REPO_ROOT"] = temp.Combine("repos"),
            ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        });
        await service.WaitForLineAsync(l => l.Contains($"is listening on http://127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var dashboard = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Repo Orchestrator", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(temp.Combine("home", ".orch_token"))).Trim());
        using var status = await http.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains(StatusService.Version, await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
