using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Vitaminize;

/// <summary>`POST /ui/repos/vitaminize`: installs the kit once, never overwrites, never writes a secret or through an outside link.</summary>
public sealed class VitaminizeEndpointsTests
{
    private static readonly string[] KitFiles =
        ["scripts/start_orch.sh", "scripts/start_orch.cmd", "scripts/launch_orchestrator.ps1", ".orchestrator/allowed_paths.json"];

    [Fact]
    public async Task Vitaminize_FirstCall_InstallsTheKitAndActivatesTheRepo()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(KitFiles, body.GetProperty("created_files").EnumerateArray().Select(e => e.GetString()!));
        Assert.EndsWith("/app", body.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
        var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/app", active.GetProperty("active_repo").GetString(), StringComparison.Ordinal);

        var script = await File.ReadAllTextAsync(Path.Combine(repo.Path, "scripts", "start_orch.sh"));
        var installDir = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        Assert.Contains($"INSTALLED_AT='{installDir}'", script, StringComparison.Ordinal);
        Assert.Contains($"INSTALLED_HOME='{app.Home}'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("__ORCH_", script, StringComparison.Ordinal);
        Assert.Contains("\r\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "scripts", "start_orch.cmd")), StringComparison.Ordinal);
        using var template = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(repo.Path, ".orchestrator", "allowed_paths.json")));
        Assert.Equal(JsonValueKind.Array, template.RootElement.GetProperty("paths").ValueKind);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(repo.Path, "scripts", "start_orch.sh")).HasFlag(UnixFileMode.UserExecute));
        }

        var audit = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        Assert.Contains(audit.GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("OP:VITAMINIZE | PATH:" + repo.Path + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vitaminize_SecondCall_CreatesNothing()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        using var first = await Vitaminize(client, "app");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = Snapshot(repo.Path);

        using var second = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("created_files").EnumerateArray());
        Assert.Equal(before, Snapshot(repo.Path));
    }

    [Fact]
    public async Task Vitaminize_ExistingScript_IsNeverOverwritten()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app").Write("scripts/start_orch.sh", "echo mine\n");
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Vitaminize(client, "app");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var created = body.GetProperty("created_files").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("scripts/start_orch.sh", created);
        Assert.Contains("scripts/start_orch.cmd", created);
        Assert.Equal("echo mine\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "scripts", "start_orch.sh")));
    }

    [Fact]
    public async Task Vitaminize_FileTokens_NoFileInTheRepoHoldsAnyTokenOrStateFile()
    {
        await using var app = new OrchestratorApp(envTokens: false);
        var repo = app.CreateRepo("app");
        repo.Write("README.md", "hello\n").Commit();
        using var anonymous = app.CreateClient();
        using var health = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));
        var adminToken = (await File.ReadAllTextAsync(Path.Combine(app.Home, ".orch_token"))).Trim();
        var actionsToken = (await File.ReadAllTextAsync(Path.Combine(app.Home, ".orch_actions_token"))).Trim();
        using var client = app.CreateClient(adminToken);

        using var response = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var file in Directory.EnumerateFiles(repo.Path, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(adminToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(actionsToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(".orch_token", Path.GetFileName(file), StringComparison.Ordinal);
            Assert.DoesNotContain(".orch_actions_token", Path.GetFileName(file), StringComparison.Ordinal);
            Assert.DoesNotContain("orchestrator.db", Path.GetFileName(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Vitaminize_ScriptsFolderLinksOutside_RefusedAndNothingWritten()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var outside = new TempDirectory("orch-outside");
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "scripts"), outside.Path);
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Refusing to install the kit: 'scripts' is a link that leads outside the repository.", problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Path));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".orchestrator")));
    }

    [Fact]
    public async Task Vitaminize_KitFileIsALinkOutside_LeavesItAlone()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var outside = new TempDirectory("orch-outside");
        var victim = outside.WriteFile("victim.sh", "original\n");
        Directory.CreateDirectory(Path.Combine(repo.Path, "scripts"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "scripts", "start_orch.sh"), victim);
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain("scripts/start_orch.sh", body.GetProperty("created_files").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("original\n", await File.ReadAllTextAsync(victim));
    }

    [Theory]
    [InlineData("../..", HttpStatusCode.BadRequest, "Repo outside the allowed root")]
    [InlineData("missing", HttpStatusCode.NotFound, "Repo not found")]
    public async Task Vitaminize_BadPath_SameChecksAsSelect(string path, HttpStatusCode status, string detail)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Vitaminize(client, path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Vitaminize_AsActions_IsForbidden()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await Vitaminize(client, "app");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "scripts")));
    }

    private static Task<HttpResponseMessage> Vitaminize(HttpClient client, string path) =>
        client.PostAsync(new Uri($"/ui/repos/vitaminize?path={Uri.EscapeDataString(path)}", UriKind.Relative), null);

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
