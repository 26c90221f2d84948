using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Audit;

public sealed class AuditEndpointsTests
{
    [Theory]
    [InlineData(9)]
    [InlineData(501)]
    public async Task GetAudit_LimitOutOfRange_Is400NamingLimit(int limit)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.GetAsync(new Uri($"/ui/audit?limit={limit}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'limit'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAudit_NotANumber_Is400NamingLimit()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var response = await client.GetAsync(new Uri("/ui/audit?limit=lots", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAudit_ReturnsTheLastLines()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 12; i++)
        {
            await app.SelectAsync(repo);
        }

        using var client = app.CreateClient(TestRole.Admin);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        Assert.Equal(10, body.GetProperty("lines").GetArrayLength());
    }
}
