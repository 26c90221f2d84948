using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Dashboard.ConnectPageSession;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// connect.html at 1280×800 and 390×844 (both kept as screenshots, and with ORCH_UPDATE_DOCS_SCREENSHOT=1 copied to
/// docs/images/connect-*.png), without sideways scrolling, every text at WCAG AA contrast in light and dark.
/// </summary>
[Collection(DashboardBrowser.Name)]
public sealed class ConnectPageLayoutTests(ChromiumFixture chromium)
{
    /// <summary>A tunnel address as the docs' screenshots show it: OAuth on, no tunnel warnings.</summary>
    private const string PublicUrl = "https://orchestrator-demo.trycloudflare.com";

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ConnectPage_FitsTheWidth_AndIsCaptured(int width, int height)
    {
        var app = new OrchestratorApp().With("ORCH_PUBLIC_URL", PublicUrl).With("ORCH_ACTIONS_TOKEN", null);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app, width, height);
        await OpenAsync(session);
        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeVisibleAsync();
        Assert.True(await FitsWidthAsync(session.Page), $"the token prompt scrolls sideways at {width} px");

        await SignInAsync(session);

        Assert.True(await FitsWidthAsync(session.Page), $"the page scrolls sideways at {width} px");
        var name = $"connect-{width}x{height}.png";
        var artifact = TestArtifacts.PathOf(name);
        var png = await session.Page.ScreenshotAsync(new() { Path = artifact, Animations = ScreenshotAnimations.Disabled });
        Assert.True(png.Length > 10_000, "the screenshot is nearly empty");
        await session.Page.ScreenshotAsync(new() { Path = TestArtifacts.PathOf($"connect-{width}x{height}-full.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        if (Environment.GetEnvironmentVariable(DashboardLayoutTests.UpdateDocsVariable) == "1")
        {
            File.Copy(artifact, Path.Combine(RepositoryRootFolder.Find(), "docs", "images", name), overwrite: true);
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task ConnectPage_EveryText_MeetsWcagAaContrast(ColorScheme scheme)
    {
        // The listen address: the warning notes show too.
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.Page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await OpenAsync(session);
        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync("not-a-valid-token-0123456789");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show settings" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#signin-error")).ToContainTextAsync("refused");
        Assert.Empty(await session.Page.EvaluateAsync<string[]>(ContrastProbe.Script)); // the prompt with its error

        await SignInAsync(session);
        await session.Page.Locator(".snippet:has(pre[data-snippet='cursor'])").GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator(".copy-status").Filter(new() { HasTextString = "." })).ToHaveCountAsync(1);
        await Assertions.Expect(session.Page.Locator(".client-note[data-kind='warn']").First).ToBeVisibleAsync();

        Assert.Empty(await session.Page.EvaluateAsync<string[]>(ContrastProbe.Script));
    }

    private static Task<bool> FitsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
