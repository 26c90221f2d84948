using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>Opening connect.html in a dashboard session and reading back what it shows, what it copied and what it broke.</summary>
public static class ConnectPageSession
{
    /// <summary>Records Content-Security-Policy violations before any page script runs.</summary>
    public const string CspRecorder =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));";

    /// <summary>A free loopback port, for tests where the service must know its own listen address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The read-only token the service wrote to its file (tests run it with ORCH_ACTIONS_TOKEN unset).</summary>
    public static string ActionsTokenFromFile(OrchestratorApp app, string? file = null) =>
        File.ReadAllText(file ?? Path.Combine(app.Home, ".orch_actions_token")).Trim();

    public static async Task OpenAsync(DashboardSession session)
    {
        await session.Page.AddInitScriptAsync(CspRecorder);
        await session.Page.GotoAsync(new Uri(session.BaseAddress, "connect.html").ToString());
    }

    /// <summary>Opens connect.html, signs in on its own prompt and waits until every client's settings are shown.</summary>
    public static async Task SignInAsync(DashboardSession session, string token = OrchestratorApp.AdminToken)
    {
        await OpenAsync(session);
        await session.Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync(token);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show settings" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#clients .client")).ToHaveCountAsync(6, new() { Timeout = DashboardSession.TimeoutMs });
    }

    /// <summary>Each snippet's text by its id, exactly as a Copy button takes it.</summary>
    public static async Task<Dictionary<string, string>> SnippetsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            "() => JSON.stringify(Object.fromEntries([...document.querySelectorAll('pre[data-snippet]')].map((p) => [p.dataset.snippet, p.textContent])))");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    public static Task<string[]> CspViolationsAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.__csp ?? ['recorder missing']");

    /// <summary>Everything a person or a script could read off the page: its text, its markup and every form value.</summary>
    public static Task<string> EverythingAsync(IPage page) => page.EvaluateAsync<string>(
        "() => document.body.innerText + '\\n' + document.documentElement.outerHTML + '\\n' + [...document.querySelectorAll('input')].map((i) => i.value).join('\\n')");
}
