using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Tests.Reading;
using RepoOrchestrator.Tree;

namespace RepoOrchestrator.Tests.Index;

/// <summary>
/// /tree through the index is written from the index's listing rather than serialized: every page must be the scan's
/// page byte for byte (but for the `index` field), including a page that ends exactly at a folder's last file, paths the
/// JSON encoder escapes, paths whose UTF-8 order differs from the ordinal order (a character above the surrogates
/// against one made of surrogates), and files changed after the index was built (the view's overlay).
/// </summary>
public sealed class IndexTreePagesTests
{
    // 200 + 997 x (2 x 10 + 60) = 79,960 characters of budget: the first page of the root ends at a/f0996.py, the
    // folder's last file, and the second starts with the next folder.
    private const int FilesInA = 997;

    private static readonly string[] OddNames =
    [
        "names/café.py", "names/a+b.py", "names/it's.py", "names/x&y<z>.md", "names/日本.py", "names/😀.py", "names/\uE000.py",
        "names/q\"uote.py", "names/back\\slash.py",
    ];

    private static readonly string[] Listings =
    [
        "path=.&max_depth=6", "path=.&max_depth=0", "path=.&max_depth=1", "path=a&max_depth=0", "path=names", "path=deep&max_depth=2",
        "path=deep&max_depth=6", "path=deep/one/two",
    ];

    [Fact]
    public async Task Tree_ThroughIndex_IsTheScansAnswerByteForByte_PageForPage()
    {
        await using var pair = await IndexAndScan.StartAsync(Fill);

        foreach (var query in Listings)
        {
            Assert.True(await SameBytesAsync(pair, query), query);
        }

        var first = await (await pair.ViaIndex.Get("/tree?path=.&max_depth=6")).Json();
        Assert.Equal("a/f0996.py", first.GetProperty("files").EnumerateArray().Last().GetString());
        Assert.True(first.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Tree_ThroughIndex_AfterChanges_IsTheScansAnswerByteForByte()
    {
        await using var pair = await IndexAndScan.StartAsync(Fill);

        File.WriteAllText(pair.PathOf("a/f0500.py"), "grown = 1\nmore = 2\nlines = 3\n");
        File.Delete(pair.PathOf("a/f0010.py"));
        File.WriteAllText(pair.PathOf("a/f0010x.py"), "added = 1\n"); // longer than its neighbours: the page ends elsewhere
        File.WriteAllText(pair.PathOf("names/😃.py"), "changed = 1\n"); // overlay against the index's \uE000 and 😀
        File.WriteAllText(pair.PathOf("names/\uE001.py"), "changed = 1\n");
        Directory.CreateDirectory(pair.PathOf("deep/one/new"));
        File.WriteAllText(pair.PathOf("deep/one/new/n.py"), "new = 1\n");

        var settled = await IndexTestKit.EventuallyAsync(async () =>
        {
            foreach (var query in Listings)
            {
                if (!await SameBytesAsync(pair, query, assert: false))
                {
                    return false;
                }
            }

            return true;
        });
        foreach (var query in Listings)
        {
            Assert.True(settled || await SameBytesAsync(pair, query), query);
        }

        var (entries, use) = await pair.ViaIndex.TreeAllAsync("path=names");
        Assert.Equal("ready", use);
        Assert.Contains(entries, e => e.Contains("\\uD83D\\uDE03", StringComparison.Ordinal)); // the overlay's 😃, escaped
    }

    [Fact]
    public async Task TreeHttpResult_WritesWhatTheSerializerWrites_AndTheListsMatch()
    {
        await using var pair = await IndexAndScan.StartAsync(Fill);
        File.WriteAllText(pair.PathOf("names/😃.py"), "changed = 1\n");
        var service = pair.Indexed.Service<TreeService>();
        var options = pair.Indexed.Service<IOptions<JsonOptions>>().Value.SerializerOptions;

        var settled = await IndexTestKit.EventuallyAsync(async () =>
            (await service.ListAsync(new TreeRequest("names", 6), "test")).Value.Files.Contains("names/😃.py"));
        Assert.True(settled);
        foreach (var request in new[] { new TreeRequest(".", 6), new TreeRequest("names", 6), new TreeRequest("deep", 1) })
        {
            var result = (await service.ListAsync(request, "test")).Value;
            Assert.Equal("ready", result.Index);
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, TreeHttpResult.Writing(options)))
            {
                TreeHttpResult.Write(json, result);
            }

            var written = Encoding.UTF8.GetString(buffer.ToArray());
            Assert.Equal(JsonSerializer.Serialize(result, options), written);

            // The raw writer (what the service's default options use) writes the same bytes, escapes and overlay included.
            Assert.True(TreeHttpResult.WritesRaw(options));
            var raw = new ArrayBufferWriter<byte>(16);
            TreeHttpResult.WriteRaw(raw, result, TreeHttpResult.Writing(options));
            Assert.Equal(written, Encoding.UTF8.GetString(raw.WrittenSpan));
            var parsed = JsonDocument.Parse(written).RootElement;
            Assert.Equal(result.Files, parsed.GetProperty("files").EnumerateArray().Select(f => f.GetString()!));
            Assert.Equal(result.Entries.Select(e => e.Path), result.Files);
            Assert.NotEmpty(result.Files);
        }
    }

    private static void Fill(Infrastructure.TempGitRepo repo)
    {
        for (var i = 0; i < FilesInA; i++)
        {
            repo.Write($"a/f{i:D4}.py", string.Concat(Enumerable.Repeat("x = 1\n", 1 + (i % 4))));
        }

        for (var i = 0; i < 30; i++)
        {
            repo.Write($"b/g{i:D2}.py", "y = 2\n");
        }

        foreach (var name in OddNames)
        {
            repo.Write(name, "odd = 1\n");
        }

        repo.Write("top.py", "top = 1\n")
            .Write("deep/d.py", "d = 1\n")
            .Write("deep/one/o.py", "o = 1\n")
            .Write("deep/one/two/t.py", "t = 1\n")
            .Write("deep/one/two/three/four/five/six/seven/s.py", "s = 1\n")
            .WriteBytes("deep/one/bin.py", [0, 1, 2, 0, 3]);
    }

    // Every page of a listing from both services, compared as bytes with the index's `index` field put back to the scan's.
    private static async Task<bool> SameBytesAsync(IndexAndScan pair, string query, bool assert = true)
    {
        string? cursor = null;
        do
        {
            var url = "/tree?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var scan = await (await pair.ViaScan.Get(url)).Content.ReadAsStringAsync();
            var index = await (await pair.ViaIndex.Get(url)).Content.ReadAsStringAsync();
            var expected = scan.Replace("\"index\":\"off\"", "\"index\":\"ready\"", StringComparison.Ordinal);
            if (!string.Equals(expected, index, StringComparison.Ordinal))
            {
                Assert.False(assert, $"{url}\nscan:  {expected}\nindex: {index}");
                return false;
            }

            var next = JsonDocument.Parse(index).RootElement.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return true;
    }
}
