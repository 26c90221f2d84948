using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Security;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>`panic status` and `panic clear` against a live host in lockdown, sharing ORCH_HOME.</summary>
public sealed class PanicCommandsTests
{
    [Fact]
    public async Task PanicClear_HostInLockdown_LiftsItForTheRunningHost()
    {
        await using var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "2");
        await SecurityApi.SendBadTokensAsync(app, 2);
        using var anonymous = app.CreateClient();
        using (var locked = await anonymous.GetAsync(SecurityApi.Url("/status")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        }

        var status = await Infrastructure.Cli.RunAsync(app, "panic", "status");
        var clear = await Infrastructure.Cli.RunAsync(app, "panic", "clear");

        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith("Panic mode: ON since ", status.OutputLines[0], StringComparison.Ordinal);
        Assert.Equal("Unresolved security events: 2.", status.OutputLines[1]);
        Assert.Equal(0, clear.ExitCode);
        Assert.Equal("Panic mode cleared; 2 security event(s) marked resolved.", Assert.Single(clear.OutputLines));
        using (var unlocked = await anonymous.GetAsync(SecurityApi.Url("/status")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unlocked.StatusCode);
        }

        var events = await SecurityApi.GetEventsAsync(app);
        Assert.False(events.GetProperty("panic_mode").GetBoolean());
        var log = await File.ReadAllTextAsync(Path.Combine(app.Home, "logs", "orchestrator_audit.log"));
        Assert.Contains("OP:PANIC_CLEARED | PATH:- | RANGE:resolved=2 | HASH:- | ACTOR:cli", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PanicStatus_AfterApiClear_ShowsOff()
    {
        await using var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "2");
        await SecurityApi.SendBadTokensAsync(app, 2);
        using var admin = app.CreateClient(TestRole.Admin);
        using (var resolve = await SecurityApi.PostResolveAsync(admin, "clear_panic"))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        var status = await Infrastructure.Cli.RunAsync(app, "panic", "status");

        Assert.Equal(0, status.ExitCode);
        Assert.Equal(["Panic mode: off.", "Unresolved security events: 0."], status.OutputLines);
    }

    [Fact]
    public async Task PanicClear_NotInLockdown_SaysSoAndStillAudits()
    {
        await using var app = new OrchestratorApp();

        var clear = await Infrastructure.Cli.RunAsync(app, "panic", "clear");

        Assert.Equal(0, clear.ExitCode);
        Assert.Equal("Panic mode was already off; 0 security event(s) marked resolved.", Assert.Single(clear.OutputLines));
        var tail = await Infrastructure.Cli.RunAsync(app, "audit", "tail", "-n", "1");
        Assert.Contains("OP:PANIC_CLEARED", Assert.Single(tail.OutputLines), StringComparison.Ordinal);
    }
}
