using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The main view at 1280×800 (kept as a screenshot artifact) and at a phone width without sideways scrolling.</summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardLayoutTests(ChromiumFixture chromium)
{
    /// <summary>Set to 1 to also refresh the committed images, docs/images/dashboard.png (1280×800) and dashboard-390x844.png.</summary>
    public const string UpdateDocsVariable = "ORCH_UPDATE_DOCS_SCREENSHOT";

    [Fact]
    public async Task MainView_At1280x800_FitsTheWidthAndIsCapturedAsAnArtifact()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app, 1280, 800);
        await PopulateAsync(app);
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#repos-panel li[data-name='billing-service']"))
            .ToHaveAttributeAsync("data-active", "true");
        await Assertions.Expect(session.Page.Locator("#allowlist-panel .allow-item")).ToHaveCountAsync(3);

        Assert.True(await FitsWidthAsync(session.Page), "the main view scrolls sideways at 1280 px");
        var root = RepositoryRootFolder.Find();
        var artifact = TestArtifacts.PathOf("dashboard-1280x800.png");
        var png = await session.Page.ScreenshotAsync(new() { Path = artifact, Animations = ScreenshotAnimations.Disabled });

        Assert.True(png.Length > 10_000, "the screenshot is nearly empty");
        Assert.Equal((1280, 800), PngSize(png));
        if (Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            File.Copy(artifact, Path.Combine(root, "docs", "images", "dashboard.png"), overwrite: true);
        }
    }

    [Fact]
    public async Task MainView_AtPhoneWidth_NeedsNoHorizontalScrolling()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app, 390, 844);
        await session.OpenAsync();
        await Assertions.Expect(session.Page.GetByLabel("Admin token", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = DashboardSession.TimeoutMs });
        Assert.True(await FitsWidthAsync(session.Page), "the token prompt scrolls sideways at 390 px");

        await PopulateAsync(app);
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#audit-panel .audit-line").First).ToBeVisibleAsync();

        Assert.True(await FitsWidthAsync(session.Page), "the dashboard scrolls sideways at 390 px");
        var artifact = TestArtifacts.PathOf("dashboard-390x844-full.png");
        await session.Page.ScreenshotAsync(new() { Path = artifact, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        var phone = TestArtifacts.PathOf("dashboard-390x844.png");
        var png = await session.Page.ScreenshotAsync(new() { Path = phone, Animations = ScreenshotAnimations.Disabled });
        Assert.Equal((390, 844), PngSize(png));
        if (Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            File.Copy(phone, Path.Combine(RepositoryRootFolder.Find(), "docs", "images", "dashboard-390x844.png"), overwrite: true);
        }

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Vitaminize billing-service" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        Assert.True(await FitsWidthAsync(session.Page), "the confirmation dialog scrolls sideways at 390 px");
        await session.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task MainView_EveryText_MeetsWcagAaContrast(ColorScheme scheme)
    {
        var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "1");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await PopulateAsync(app);
        using (var attacker = app.CreateClient("not-a-valid-token-0123456789"))
        {
            using var refused = await attacker.GetAsync(new Uri("/status", UriKind.Relative)); // lockdown: banner and open events too
        }

        await session.Page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#lockdown-banner")).ToBeVisibleAsync();
        await session.Page.GetByLabel("Operation").SelectOptionAsync("SELECT");

        var failures = await session.Page.EvaluateAsync<string[]>(ContrastProbe.Script);

        Assert.Empty(failures);
    }

    private static async Task<bool> FitsWidthAsync(IPage page)
    {
        // The elements reaching past the viewport that no scrolling box holds, named so a failure says what to fix.
        var wide = await page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? '' : [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
              .filter((e) => { for (let p = e.parentElement; p; p = p.parentElement) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false; } return true; })
              .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
              .join('; ') || 'an element inside a scrolling box'
            """);
        Assert.True(wide.Length == 0, $"wider than {page.ViewportSize?.Width} px: {wide}");
        return true;
    }

    /// <summary>A realistic day: a few repositories (one with a long name), one active, allowlisted paths, audit lines.</summary>
    private static async Task PopulateAsync(OrchestratorApp app)
    {
        foreach (var name in new[] { "billing-service", "docs-site", "mobile-app", "platform-infrastructure-terraform-modules" })
        {
            app.CreateRepo(name).Write("README.md", "# " + name).Write("src/main.ts", "export {};").Commit("initial");
        }

        using var client = app.CreateClient(TestRole.Admin);
        foreach (var (verb, name) in new[] { ("open", "docs-site"), ("open", "mobile-app"), ("select", "billing-service") })
        {
            using var response = await client.PostAsync(new Uri($"/ui/repos/{verb}?path={name}", UriKind.Relative), null);
            response.EnsureSuccessStatusCode();
        }

        // A lockdown from five bad tokens, already cleared: the security panel lists the resolved events.
        using (var attacker = app.CreateClient("not-a-valid-token-0123456789"))
        {
            for (var i = 0; i < 5; i++)
            {
                using var refused = await attacker.GetAsync(new Uri("/status", UriKind.Relative));
            }
        }

        using (var cleared = await client.PostAsync(new Uri("/ui/security/resolve?action=clear_panic", UriKind.Relative), null))
        {
            cleared.EnsureSuccessStatusCode();
        }

        var expires = DateTimeOffset.UtcNow.AddMinutes(4).ToString("O", CultureInfo.InvariantCulture);
        var allowlist = new { paths = new[] { "src", "README.md", "docs/architecture.md" }.Select(p => new { path = p, expires_at = expires }) };
        await File.WriteAllTextAsync(Path.Combine(app.Home, "allowed_paths.json"), JsonSerializer.Serialize(allowlist));
    }

    /// <summary>Width and height from the PNG header (IHDR, big-endian, bytes 16-23).</summary>
    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)),
         System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
}
