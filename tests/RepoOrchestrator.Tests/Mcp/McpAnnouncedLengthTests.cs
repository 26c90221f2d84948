using System.Net;
using System.Text;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>No other test runs beside these: they count the bytes the whole process allocates.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCounting
{
    public const string Name = "allocation counting";
}

/// <summary>
/// A hostile `Content-Length` on `POST /mcp`: the body is read into a buffer sized by the announced length, so a header
/// of 1 MiB (the cap) on a body of a few hundred bytes, or on one that never comes, must not make the server set aside
/// a megabyte per request before the bytes arrive (each a large-object-heap array, per concurrent connection).
/// </summary>
[Collection(AllocationCounting.Name)]
public sealed class McpAnnouncedLengthTests
{
    private const int Requests = 16;

    [Fact]
    public async Task AnnouncedLengthAtTheCap_WithASmallBody_DoesNotAllocateTheAnnouncedSize()
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Actions);
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"ping"}""");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, body, body.Length)); // warm: the SDK's pipeline built, code jitted
        }

        var honest = await AllocatedAsync(() => PostAsync(http, body, body.Length));
        var inflated = await AllocatedAsync(() => PostAsync(http, body, 1024 * 1024));

        // Sized by the header: at least 16 MiB more. Sized by what arrives: about the same as honest requests.
        Assert.True(inflated < honest + (Requests * 256L * 1024), $"honest {honest} bytes, announcing 1 MiB {inflated} bytes for {Requests} requests");
    }

    private static async Task<long> AllocatedAsync(Func<Task<HttpStatusCode>> post)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Requests; i++)
        {
            await post();
        }

        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, byte[] body, long announced)
    {
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        content.Headers.ContentLength = announced; // the test server passes the header on as sent
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
