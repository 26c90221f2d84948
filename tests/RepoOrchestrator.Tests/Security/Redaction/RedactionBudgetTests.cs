using System.Net;
using System.Text;
using RepoOrchestrator.Index;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Index;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Issue 14, break 3: a keyword-dense 5 MB single line must not buy unbounded CPU. The property is stated with the
/// engine's work counter (candidates inspected), never with a timing: every answer is either redacted text or the
/// clear budget error, and the work of one request stays under the budget.
/// </summary>
public sealed class RedactionBudgetTests
{
    public static TheoryData<string> DenseUnits => new() { "password=Xk9vQ2mP7rT4wZ ", "token: Qm8zLk2Pw9 ", "secret=\"a1b2c3d4e5f6\",", "api_key:" };

    [Theory]
    [MemberData(nameof(DenseUnits))]
    public async Task FileAndSearch_KeywordDenseFiveMegabyteLine_AnswerWithBoundedWork(string unit)
    {
        await using var app = new OrchestratorApp();
        var line = new StringBuilder(5 * 1024 * 1024);
        while (line.Length + unit.Length < 5 * 1024 * 1024 - 16)
        {
            line.Append(unit);
        }

        await app.RepoWith(("dense.txt", line.ToString()));
        using var client = app.CreateClient(TestRole.Actions);
        var engine = (RedactionEngine)app.Service<ITextRedactor>();
        if (app.Service<IndexManager>().Enabled)
        {
            await app.WaitForIndexAsync(); // the index redacts every file once in the background: not this request's work
        }

        var before = engine.WorkUnits;
        await AssertRedactedOrRefused(await client.Get("/file?path=dense.txt"));
        Assert.InRange(engine.WorkUnits - before, 0, RedactionBudget.MaxCandidates + 64); // SECURITY property: bounded work

        // Search never fails the request over the budget: the file is searched or listed as skipped, never served unchecked.
        before = engine.WorkUnits;
        var search = await client.Get("/search?q=" + Uri.EscapeDataString(unit.Trim()[..4]));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        await AssertRedactedOrRefused(search);
        Assert.InRange(engine.WorkUnits - before, 0, RedactionBudget.MaxCandidates + 64);
    }

    [Fact]
    public void Redact_OverBudget_ThrowsTheClearProblemNeverText()
    {
        var engine = RedactionEngine.CreateDefault();
        var dense = string.Concat(Enumerable.Repeat("password=Xk9vQ2mP7rT4wZ ", (int)RedactionBudget.MaxCandidates + 10));

        var problem = Assert.Throws<RepoOrchestrator.Errors.ApiProblemException>(() => engine.Redact(dense));

        Assert.Equal(422, problem.Status);
        Assert.Contains("no part of this file can be served", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_UnderBudget_RedactsEveryValue()
    {
        var engine = RedactionEngine.CreateDefault();
        var dense = string.Concat(Enumerable.Repeat("password=Xk9vQ2mP7rT4wZ\n", 1000));

        var redacted = engine.Redact(dense);

        Assert.DoesNotContain("Xk9vQ2mP7rT4wZ", redacted, StringComparison.Ordinal);
        Assert.InRange(engine.WorkUnits, 1000, 4000); // a few candidates per line, independent of the text length
    }

    private static async Task AssertRedactedOrRefused(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            Assert.Contains("too costly to redact safely", body, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Xk9vQ2mP7rT4wZ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Qm8zLk2Pw9", body, StringComparison.Ordinal);
        Assert.DoesNotContain("a1b2c3d4e5f6", body, StringComparison.Ordinal);
    }
}
