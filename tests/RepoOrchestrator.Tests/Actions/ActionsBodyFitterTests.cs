using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RepoOrchestrator.Actions;

namespace RepoOrchestrator.Tests.Actions;

/// <summary>The fitter keeps JSON valid and its shape, shortens huge strings, cuts the largest list, drops a stale cursor and says so.</summary>
public sealed class ActionsBodyFitterTests
{
    private const int Budget = 20_000;

    [Fact]
    public void Fit_JsonWithHugeStrings_ShortensThemAndNotes()
    {
        var hits = new JsonArray();
        for (var i = 0; i < 5; i++)
        {
            hits.Add(new JsonObject { ["file"] = $"f{i}.py", ["content"] = new string('y', 50_000) });
        }

        var body = new JsonObject { ["results"] = hits, ["truncated"] = false }.ToJsonString();

        var fitted = ActionsBodyFitter.Fit(body, "application/json; charset=utf-8", Request("/search"), Budget);

        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= Budget);
        using var json = JsonDocument.Parse(fitted);
        Assert.Equal(5, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.EndsWith("…[TRUNCATED]", json.RootElement.GetProperty("results")[4].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("truncated").GetBoolean());
        Assert.Contains("5 long text value(s)", json.RootElement.GetProperty("actions_note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_JsonWithLongList_CutsItsEndAndDropsTheCursor()
    {
        var files = new JsonArray();
        for (var i = 0; i < 3000; i++)
        {
            files.Add($"src/folder/file{i:D4}.cs");
        }

        var body = new JsonObject { ["files"] = files, ["truncated"] = false, ["next_cursor"] = "abc" }.ToJsonString();

        var fitted = ActionsBodyFitter.Fit(body, "application/json", Request("/tree"), Budget);

        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= Budget);
        using var json = JsonDocument.Parse(fitted);
        var kept = json.RootElement.GetProperty("files");
        Assert.InRange(kept.GetArrayLength(), 500, 2999);
        Assert.Equal("src/folder/file0000.cs", kept[0].GetString()); // the start is kept, the end is cut
        Assert.False(json.RootElement.TryGetProperty("next_cursor", out _)); // it pointed past the cut entries
        Assert.Contains($"first {kept.GetArrayLength()} of 3000 entries", json.RootElement.GetProperty("actions_note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TextOfFile_KeepsWholeLinesAndNamesTheNextStartLine()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => new string('a', 99) + "\n"));

        var fitted = ActionsBodyFitter.Fit(text, "text/plain; charset=utf-8", Request("/file", "?path=a.txt&start_line=11"), Budget);

        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= Budget);
        var served = fitted[..fitted.IndexOf("\n# ... [TRUNCATED] ...", StringComparison.Ordinal)].Split('\n');
        Assert.All(served, line => Assert.Equal(99, line.Length));
        Assert.Contains($"continue with start_line={11 + served.Length})", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TextOfOneHugeLine_SaysItCannotBeServedWhole()
    {
        var fitted = ActionsBodyFitter.Fit(new string('a', 50_000), "text/plain", Request("/file", "?path=a.min.js"), Budget);

        Assert.True(Encoding.UTF8.GetByteCount(fitted) <= Budget);
        Assert.Contains("line 1 alone is longer", fitted, StringComparison.Ordinal);
    }

    private static HttpRequest Request(string path, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }
}
