using System.Net;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>
/// `GET /ui/audit/export` under a hostile caller: only the admin may take it (the read-only and named tokens get 403 and no
/// line), hostile bounds are 400 with a detail (never a 500), the export is audited with the range asked, and no token value
/// is ever in it (bad tokens are recorded by hash).
/// </summary>
public sealed class AuditExportTests
{
    [Fact]
    public async Task Export_AsReaderOrNamedToken_Is403WithNoAuditLine()
    {
        await using var app = new OrchestratorApp();
        var named = app.Service<NamedTokenStore>().Create("agent", OrchestratorRole.Actions, RepositoryScope.All, null, null).Value;
        using var reader = app.CreateClient(TestRole.Actions);
        using var agent = app.CreateClient(named);

        foreach (var client in new[] { reader, agent })
        {
            using var response = await client.GetAsync(Url("/ui/audit/export"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("CHAIN:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(app.AuditLines("AUDIT_EXPORT"));
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-02-30T00:00:00Z")]
    [InlineData("from=0001-01-01T00:00:00%2B14:00")]
    [InlineData("to=9999-12-31T23:59:59-14:00")]
    [InlineData("from=%00")]
    [InlineData("from=2026-01-01T00:00:00Z%7C%20OP:FORGED")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=10:00")] // no date: a lenient parse takes today's from the wall clock
    [InlineData("to=1/2/2026")] // culture-shaped, not ISO-8601
    [InlineData("from=Sat, 05 Dec 2026 10:00:00 GMT")]
    public async Task Export_HostileBounds_Is400WithADetail(string query)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.GetAsync(Url("/ui/audit/export?" + query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'from'", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-01-01")]
    [InlineData("from=2026-01-01T00:00")]
    [InlineData("from=2026-01-01T00:00:00")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2999-12-31T23:59:59.999Z")]
    [InlineData("from=2026-01-01T01:00:00%2B01:00")]
    public async Task Export_IsoBounds_AreAccepted(string query)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.GetAsync(Url("/ui/audit/export?" + query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Export_IsAuditedWithItsRange_AndCarriesNoTokenValue()
    {
        await using var app = new OrchestratorApp();
        await SendBadTokensAsync(app, 2);
        using var admin = app.CreateClient(TestRole.Admin);
        using (var reader = app.CreateClient(TestRole.Actions))
        {
            using var _ = await reader.GetAsync(Url("/status"));
        }

        var all = await admin.GetStringAsync(Url("/ui/audit/export?to=2999-01-01T00:00:00Z"));

        Assert.Contains("OP:AUDIT_EXPORT", all, StringComparison.Ordinal);
        Assert.Contains(app.AuditLines("AUDIT_EXPORT"), l => l.Contains("RANGE:start..2999-01-01T00:00:00Z", StringComparison.Ordinal));
        foreach (var secret in new[] { OrchestratorApp.AdminToken, OrchestratorApp.ActionsToken, BadToken })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
