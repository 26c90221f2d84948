using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Reading;

/// <summary>Small helpers shared by the read-path endpoint tests.</summary>
public static class ReadPathTestKit
{
    public const string Marker = "\n# ... [TRUNCATED] ...\n";

    /// <summary>A token the redactor must catch, built at run time so no secret-shaped literal sits in the source.</summary>
    public static string FakeGitHubToken() => "ghp_" + string.Concat(Enumerable.Repeat("aB3dE5gH7k", 4))[..36];

    public static Task<HttpResponseMessage> Get(this HttpClient client, string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative));

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> Detail(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static IReadOnlyList<string> AuditLines(this OrchestratorApp app, string op) =>
        app.Service<AuditLog>().Tail(1000).Where(l => l.Contains($"| OP:{op} |", StringComparison.Ordinal)).ToList();

    /// <summary>A selected repository with one commit of the given files.</summary>
    public static async Task<TempGitRepo> RepoWith(this OrchestratorApp app, params (string Path, string Text)[] files)
    {
        var repo = app.CreateRepo();
        foreach (var (path, text) in files)
        {
            repo.Write(path, text);
        }

        repo.Commit("initial");
        await app.SelectAsync(repo);
        return repo;
    }

    /// <summary>A named pipe (mkfifo): opening it for reading would block until a writer appears.</summary>
    public static string MakeFifo(string path)
    {
        using var p = System.Diagnostics.Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    /// <summary>A hard link (ln): a second name for the same file, wherever the first one lives.</summary>
    public static string HardLink(string existing, string link)
    {
        using var p = System.Diagnostics.Process.Start("ln", [existing, link])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return link;
    }

    public static string Lines(int count, string prefix = "line") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{prefix} {i}\n"));
}
