using System.Net;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// `POST /ui/security/resolve?action=resolve|dismiss&amp;id=N` under a hostile caller: malformed ids and actions are 400
/// with a detail (never a 500), an unknown id is 404 and audited as a failed change, it works during lockdown without
/// turning lockdown off, and only the admin may call it.
/// </summary>
public sealed class SecurityEventChangeTests
{
    [Theory]
    [InlineData("action=resolve", "'id'")]
    [InlineData("action=dismiss&id=", "'id'")]
    [InlineData("action=dismiss&id=0", "'id'")]
    [InlineData("action=dismiss&id=%2B1", "'id'")]
    [InlineData("action=dismiss&id=%201", "'id'")]
    [InlineData("action=dismiss&id=1e3", "'id'")]
    [InlineData("action=dismiss&id=0x1", "'id'")]
    [InlineData("action=dismiss&id=99999999999999999999999", "'id'")]
    [InlineData("action=DISMISS&id=1", PanicTexts.InvalidAction)]
    [InlineData("action=&id=1", PanicTexts.InvalidAction)]
    [InlineData("id=1", PanicTexts.InvalidAction)]
    public async Task Resolve_MalformedQuery_Is400WithADetail(string query, string detail)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url("/ui/security/resolve?" + query), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resolve", PanicService.EventResolvedOperation)]
    [InlineData("dismiss", PanicService.EventDismissedOperation)]
    public async Task Resolve_UnknownId_Is404AndAuditedAsAFailedChange(string action, string operation)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url($"/ui/security/resolve?action={action}&id=424242"), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("424242", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(app.AuditLines(operation + "_FAILED"), l => l.Contains("status=404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DismissOneEvent_InLockdown_WorksAuditsAndLeavesLockdownOn()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 5);
        Assert.True(app.Service<PanicService>().IsPanicOn());
        var id = app.Service<PanicService>().RecentEvents()[0].Id;
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url($"/ui/security/resolve?action=dismiss&id={id}"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(app.Service<PanicService>().IsPanicOn());
        Assert.DoesNotContain(app.Service<PanicService>().RecentEvents(), e => e.Id == id);
        Assert.Contains(app.AuditLines(PanicService.EventDismissedOperation), l => l.Contains($"event={id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveOneEvent_AsReader_Is403AndChangesNothing()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 1);
        var id = app.Service<PanicService>().RecentEvents()[0].Id;
        using var reader = app.CreateClient(TestRole.Actions);

        using var response = await reader.PostAsync(Url($"/ui/security/resolve?action=dismiss&id={id}"), null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(app.Service<PanicService>().RecentEvents(), e => e.Id == id && !e.Resolved);
    }

    /// <summary>Detail texts this test expects.</summary>
    private static class PanicTexts
    {
        public const string InvalidAction = SecurityEndpoints.InvalidActionDetail;
    }
}
