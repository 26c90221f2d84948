using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// A hostile local process changes the root after it was checked: it edits the stored root in the state store (to the
/// file system's root, the home, a relative or malformed value) or replaces the root folder with a link to `/`. The root is
/// re-checked on every use, so nothing under the new place is listed or read: 409, never a listing of `/`, never a 500.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RootRevalidationTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("<home>")]
    [InlineData("<home>/snapshots")]
    [InlineData(".")]
    [InlineData("relative/repos")]
    [InlineData("<root>/../")]
    [InlineData("")]
    [InlineData("/tmp\0/x")]
    public async Task StoredRoot_EditedInTheStateStore_Is409AndServesNothingUnderIt(string stored)
    {
        using var temp = new TempDirectory("orch-edit");
        var root = Directory.CreateDirectory(temp.Combine("repos")).FullName;
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        Directory.CreateDirectory(temp.Combine("home", "snapshots"));
        await using var app = new OrchestratorApp(root: root, home: home).With("ORCH_REPO_ROOT", null);
        using var admin = app.CreateClient(TestRole.Admin);
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Get("/ui/repos")).StatusCode);

        EditStoredRoot(app, stored.Replace("<home>", home, StringComparison.Ordinal).Replace("<root>", root, StringComparison.Ordinal));

        using var listed = await admin.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.Conflict, listed.StatusCode);
        Assert.DoesNotContain("\"etc\"", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var read = await reader.Get("/file?path=passwd&repo=etc");
        Assert.Equal(HttpStatusCode.Conflict, read.StatusCode);
        var detail = await read.Detail();
        Assert.DoesNotContain(home, detail, StringComparison.Ordinal); // no host path for the read-only token
        Assert.DoesNotContain("root:", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var select = await admin.PostAsync(new Uri("/ui/repos/select?path=etc", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, select.StatusCode);
    }

    [Fact]
    public async Task StoredRoot_ReplacedByALinkToTheFileSystemRoot_Is409AndListsNothing()
    {
        using var temp = new TempDirectory("orch-swap");
        var root = Directory.CreateDirectory(temp.Combine("repos")).FullName;
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        await using var app = new OrchestratorApp(root: root, home: home).With("ORCH_REPO_ROOT", null);
        app.CreateRepo("app");
        Assert.True((await app.Service<RepositoryRoot>().SetAsync(root, temp.Path, "test")).Problem is null);
        using var admin = app.CreateClient(TestRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/ui/repos")).StatusCode);

        Directory.Delete(root, recursive: true);
        Directory.CreateSymbolicLink(root, "/");

        using var listed = await admin.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.Conflict, listed.StatusCode);
        Assert.DoesNotContain("\"etc\"", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredRoot_ReplacedByALinkToTheFileSystemRootAfterStart_Is409AndListsNothing()
    {
        using var temp = new TempDirectory("orch-swap-env");
        var root = Directory.CreateDirectory(temp.Combine("repos")).FullName;
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        await using var app = new OrchestratorApp(root: root, home: home);
        using var admin = app.CreateClient(TestRole.Admin);
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/ui/repos")).StatusCode);

        Directory.Delete(root, recursive: true);
        Directory.CreateSymbolicLink(root, "/");

        using var listed = await admin.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.Conflict, listed.StatusCode);
        Assert.DoesNotContain("\"etc\"", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var read = await reader.Get("/tree?repo=etc");
        Assert.Equal(HttpStatusCode.Conflict, read.StatusCode);
        Assert.DoesNotContain(root, await read.Detail(), StringComparison.Ordinal);
    }

    /// <summary>What a local process with the home's rights can do: write the state store with its own SQLite connection.</summary>
    private static void EditStoredRoot(OrchestratorApp app, string value)
    {
        using (var connection = new SqliteConnection($"Data Source={app.Service<OrchestratorOptions>().StateDatabasePath};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO settings(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
            cmd.Parameters.AddWithValue("$key", RepositoryRoot.StateKey);
            cmd.Parameters.AddWithValue("$value", value);
            cmd.ExecuteNonQuery();
        }
    }
}
