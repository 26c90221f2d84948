using System.Text.Json;
using RepoOrchestrator.Index;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Index;

/// <summary>Waiting for a repository index, and reading /search and /tree answers whole (every page).</summary>
public static class IndexTestKit
{
    /// <summary>Waits until the active repository's index is ready (the service builds it in the background on selection).</summary>
    public static async Task WaitForIndexAsync(this OrchestratorApp app)
    {
        var manager = app.Service<IndexManager>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (manager.Status().State != "ready")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the index was not ready within 60 s: " + manager.Status());
            await Task.Delay(20);
        }
    }

    /// <summary>Polls <paramref name="check"/> until it holds (true) or 15 s pass; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> check)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await check())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Every page of a search: the hits as JSON text (file, line, content, context), and the `index` of the first page.</summary>
    public static async Task<(List<string> Hits, string Index)> SearchAllAsync(this HttpClient client, string query)
    {
        var hits = new List<string>();
        string? index = null;
        string? cursor = null;
        do
        {
            using var response = await client.Get("/search?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var body = await response.Json();
            index ??= body.GetProperty("index").GetString();
            hits.AddRange(body.GetProperty("results").EnumerateArray().Select(h => h.GetRawText()));
            Assert.Empty(body.GetProperty("skipped").EnumerateArray());
            cursor = body.GetProperty("next_cursor").ValueKind == JsonValueKind.String ? body.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        return (hits, index!);
    }

    /// <summary>Every page of a listing: the entries as JSON text, and the `index` of the first page.</summary>
    public static async Task<(List<string> Entries, string Index)> TreeAllAsync(this HttpClient client, string query)
    {
        var entries = new List<string>();
        string? index = null;
        string? cursor = null;
        do
        {
            using var response = await client.Get("/tree?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var body = await response.Json();
            index ??= body.GetProperty("index").GetString();
            entries.AddRange(body.GetProperty("entries").EnumerateArray().Select(h => h.GetRawText()));
            cursor = body.GetProperty("next_cursor").ValueKind == JsonValueKind.String ? body.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        return (entries, index!);
    }
}
