using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Security;

namespace RepoOrchestrator.Tests.Repositories;

public sealed class RepositoryEndpointsTests
{
    [Fact]
    public async Task ListRepos_SortsCaseInsensitively_AndSkipsDotFolders()
    {
        await using var app = new OrchestratorApp();
        foreach (var name in new[] { "beta", "Alpha", "gamma", ".hidden" })
        {
            Directory.CreateDirectory(Path.Combine(app.Root, name));
        }

        using var client = app.CreateClient(TestRole.Admin);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos", UriKind.Relative));
        var names = body.GetProperty("repos").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["Alpha", "beta", "gamma"], names);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("active_repo").ValueKind);
        Assert.Equal(PathMasking.Mask(app.Root), body.GetProperty("root").GetString());
    }

    [Theory]
    [InlineData("/home/alice/src/app", "/home/[USER]/src/app")]
    [InlineData("/Users/bob/code", "/Users/[USER]/code")]
    [InlineData(@"C:\Users\carol\repos\app", @"C:\Users\[USER]\repos\app")]
    [InlineData("/srv/repos/app", "/srv/repos/app")]
    public void Mask_HidesUserNamesInHomePaths(string path, string expected) => Assert.Equal(expected, PathMasking.Mask(path));

    [Fact]
    public async Task Select_Relative_SetsActive_AndAudits()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri("/ui/repos/select?path=app", UriKind.Relative), null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(PathMasking.Mask(repo.Path), body.GetProperty("active_repo").GetString());

        var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.Equal(PathMasking.Mask(repo.Path), active.GetProperty("active_repo").GetString());
        var audit = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        Assert.Contains(audit.GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("OP:SELECT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Select_Absolute_InsideRoot_Works()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={Uri.EscapeDataString(repo.Path)}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> OutsidePaths() => new()
    {
        "..", "../..", "/etc", "app/../..", "app/../../x",
    };

    [Theory]
    [MemberData(nameof(OutsidePaths))]
    public async Task Select_OutsideRoot_Is400(string path)
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={Uri.EscapeDataString(path)}", UriKind.Relative), null);
        await AuthenticationTests.AssertProblem(response, HttpStatusCode.BadRequest, "Repo outside the allowed root");
    }

    [Fact]
    public async Task Select_PrefixSibling_IsOutsideTheRoot()
    {
        using var parent = new TempDirectory();
        var root = Directory.CreateDirectory(parent.Combine("repos")).FullName;
        var evil = Directory.CreateDirectory(parent.Combine("repos-evil", "app")).FullName;
        await using var app = new OrchestratorApp(root: root);
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={Uri.EscapeDataString(evil)}", UriKind.Relative), null);
        await AuthenticationTests.AssertProblem(response, HttpStatusCode.BadRequest, "Repo outside the allowed root");
    }

    [Fact]
    public async Task Select_SymlinkPointingOutside_Is400()
    {
        using var outside = new TempDirectory();
        await using var app = new OrchestratorApp();
        Directory.CreateSymbolicLink(Path.Combine(app.Root, "sneaky"), outside.Path);
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri("/ui/repos/select?path=sneaky", UriKind.Relative), null);
        await AuthenticationTests.AssertProblem(response, HttpStatusCode.BadRequest, "Repo outside the allowed root");
    }

    [Theory]
    [InlineData("/ui/repos/select")]
    [InlineData("/ui/repos/open")]
    public async Task SelectOrOpen_Missing_Is404(string endpoint)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"{endpoint}?path=nope", UriKind.Relative), null);
        await AuthenticationTests.AssertProblem(response, HttpStatusCode.NotFound, "Repo not found");
    }

    [Fact]
    public async Task Select_NoPath_Is400NamingThePath()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri("/ui/repos/select", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'path'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Existing_AuditsOpenRepo_AndDoesNotActivate()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri("/ui/repos/open?path=app", UriKind.Relative), null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Contains("app", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, active.GetProperty("active_repo").ValueKind);
        var audit = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        Assert.Contains(audit.GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("OP:OPEN_REPO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Selection_SurvivesRestart()
    {
        string root, home, repoPath;
        await using (var first = new OrchestratorApp())
        {
            var repo = first.CreateRepo("app");
            await first.SelectAsync(repo);
            (root, home, repoPath) = (first.Root, first.Home, repo.Path);
            // keep the folder: the second host reuses it
            await using var second = new OrchestratorApp(root, home);
            using var client = second.CreateClient(TestRole.Admin);
            var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
            Assert.Equal(PathMasking.Mask(repoPath), active.GetProperty("active_repo").GetString());
        }
    }

    [Fact]
    public async Task TwoHosts_SharingHome_SeeEachOthersSelection()
    {
        await using var a = new OrchestratorApp();
        await using var b = new OrchestratorApp(a.Root, a.Home);
        var one = a.CreateRepo("one");
        var two = a.CreateRepo("two");
        using var clientA = a.CreateClient(TestRole.Admin);
        using var clientB = b.CreateClient(TestRole.Admin);

        await a.SelectAsync(one);
        var seenByB = await clientB.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.Equal(PathMasking.Mask(one.Path), seenByB.GetProperty("active_repo").GetString());

        await b.SelectAsync(two);
        var seenByA = await clientA.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.Equal(PathMasking.Mask(two.Path), seenByA.GetProperty("active_repo").GetString());

        // Both wrote to one audit log through the cross-process lock: both selections are there, chained.
        var audit = await clientA.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        Assert.Equal(2, audit.GetProperty("lines").EnumerateArray().Count(l => l.GetString()!.Contains("OP:SELECT", StringComparison.Ordinal)));
    }
}
