using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Reading;

public sealed class NoActiveRepositoryTests
{
    [Theory]
    [InlineData("/tree")]
    [InlineData("/file?path=README.md")]
    [InlineData("/file")]
    [InlineData("/search?q=abc")]
    [InlineData("/search")]
    [InlineData("/diff")]
    public async Task Read_WithoutActiveRepository_Is409WithTheSpecText(string url)
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo();
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("No active repository: select one with POST /ui/repos/select", await response.Detail());
    }
}
