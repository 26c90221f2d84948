using Microsoft.Playwright;
using RepoOrchestrator.Tests.Dashboard;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>`/docs` in a real Chromium: the reference renders the API from this service alone, CSP intact.</summary>
[Collection(DashboardBrowser.Name)]
public sealed class ApiReferenceBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Docs_InChromium_RendersTheApiWithoutAnyExternalRequest()
    {
        await using var app = new OrchestratorApp();
        var address = app.StartKestrel();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var external = new List<string>();
        var problems = new List<string>();
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal)
                && uri.Host != address.Host)
            {
                lock (external)
                {
                    external.Add(request.Url);
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (problems)
                {
                    problems.Add(message.Text);
                }
            }
        };

        await page.GotoAsync(new Uri(address, "/docs/").ToString());

        // Operations are grouped by feature tag; Scalar shows a group's operations once it is opened.
        await page.GetByRole(AriaRole.Link, new() { Name = "Status", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("Service version, uptime").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Safe, read-only, audited access").First).ToBeVisibleAsync();
        lock (external)
        {
            Assert.Empty(external);
        }

        lock (problems)
        {
            Assert.Empty(problems);
        }
    }
}
