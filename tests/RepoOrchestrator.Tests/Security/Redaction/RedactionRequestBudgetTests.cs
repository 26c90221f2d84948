using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Issue 14 item 3: one redaction budget per request (HTTP request or MCP tool call) that every redaction call of the
/// request draws from; every rule charges it; /search skips a file over budget and says so instead of failing the
/// whole request; /file and /diff fail closed with a detail that says what to ask for instead. Small limits come from
/// the registered <see cref="RedactionBudgetLimits"/>, costs are measured with an unlimited engine, never guessed.
/// </summary>
public sealed class RedactionRequestBudgetTests
{
    private const string Value = "Xk9vQ2mP7rT4wZ";
    private static readonly RedactionBudgetLimits Unlimited = new(long.MaxValue / 4, long.MaxValue / 2);

    [Fact]
    public void Redact_TwoCallsInOneRequest_ExceedTheRequestBudgetThoughEachFits()
    {
        var text = Dense(100);
        var cost = Cost(text);
        var limits = new RedactionBudgetLimits(cost * 3 / 2, cost * 3 / 2);
        var engine = RedactionEngine.CreateDefault(limits);

        using (RedactionBudget.BeginRequest(limits))
        {
            Assert.DoesNotContain(Value, engine.Redact(text), StringComparison.Ordinal); // the first call fits
            var problem = Assert.Throws<ApiProblemException>(() => engine.Redact(text)); // the second does not
            Assert.True(RedactionBudget.IsExceeded(problem));
        }

        using (RedactionBudget.BeginRequest(limits))
        {
            Assert.DoesNotContain(Value, engine.Redact(text), StringComparison.Ordinal); // a new request starts full
        }
    }

    [Fact]
    public void Redact_OutsideAnyRequest_EachCallHasItsOwnBudgetAndFailsClosedOverIt()
    {
        var text = Dense(100);
        var cost = Cost(text);
        var engine = RedactionEngine.CreateDefault(new RedactionBudgetLimits(cost * 3 / 2, cost * 3 / 2));

        Assert.Null(RedactionBudget.Current); // the CLI and start-up path: no request around the calls
        Assert.DoesNotContain(Value, engine.Redact(text), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, engine.Redact(text), StringComparison.Ordinal); // its own budget, not the first call's

        var problem = Assert.Throws<ApiProblemException>(() => engine.Redact(text + text));
        Assert.Equal(422, problem.Status);
        Assert.Equal(RedactionBudget.ProblemType, problem.ProblemType);
    }

    [Fact]
    public void HighEntropyRule_EveryTokenItInspects_ChargesTheBudget()
    {
        // 200 distinct random-looking tokens, no keyword anywhere: only the high-entropy rule looks at them.
        var random = new Random(14);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var tokens = Enumerable.Range(0, 200).Select(_ => new string([.. Enumerable.Range(0, 40).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        var text = string.Join("\n", tokens) + "\n";
        var engine = new RedactionEngine([new HighEntropyRule()], [], NullLogger.Instance, Unlimited);

        Assert.DoesNotContain(text[..40], engine.Redact(text), StringComparison.Ordinal);
        Assert.InRange(engine.WorkUnits, 200, 400);

        var small = new RedactionEngine([new HighEntropyRule()], [], NullLogger.Instance, new RedactionBudgetLimits(100, 100));
        Assert.Equal(422, Assert.Throws<ApiProblemException>(() => small.Redact(text)).Status);
    }

    [Fact]
    public async Task Search_FileOverItsShare_IsSkippedAndReportedWhileOtherFilesStillHit()
    {
        var dense = Dense(200) + " needle\n";
        await using var app = WithLimits(new RedactionBudgetLimits(Cost(dense) / 2, Cost(dense) * 100));
        await app.RepoWith(("a_clean.txt", "first needle\n"), ("b_dense.txt", dense), ("c_clean.txt", "last needle\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var response = await client.Get("/search?q=needle");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(["a_clean.txt", "c_clean.txt"], body.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()));
        var skipped = Assert.Single(body.GetProperty("skipped").EnumerateArray());
        Assert.Equal("b_dense.txt", skipped.GetProperty("file").GetString());
        Assert.Equal("redaction-budget", skipped.GetProperty("reason").GetString());
        Assert.False(body.GetProperty("partial").GetBoolean());
        Assert.DoesNotContain(Value, body.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&ext=.txt")]
    public async Task Search_FilesOfOneRequestExceedItsBudget_StopPartialAndNextCursorGoesOnWithEveryFileOnce(string parameters)
    {
        // Each file alone fits the call and file share (a search serves every file whole); two together pass the
        // request's. The first file of a page has a share of its own, so a page serves two and stops at the third.
        var file = Dense(100) + " needle\n";
        var cost = Cost(file);
        await using var app = WithLimits(new RedactionBudgetLimits(cost * 3 / 2, cost * 3 / 2));
        var names = Enumerable.Range(0, 7).Select(i => $"f{i}.txt").ToArray();
        await app.RepoWith([.. names.Select(n => (n, file))]);
        using var client = app.CreateClient(TestRole.Actions);

        var served = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var response = await client.Get("/search?q=needle" + parameters + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Json();
            Assert.DoesNotContain(Value, body.GetRawText(), StringComparison.Ordinal);
            var hits = body.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()!).ToList();
            Assert.InRange(hits.Count, 1, 2); // SECURITY: never more than the request may spend; never a page without progress
            Assert.Empty(body.GetProperty("skipped").EnumerateArray()); // a file the budget cut short is searched again, not skipped
            served.AddRange(hits);
            cursor = body.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.Equal(cursor is not null, body.GetProperty("partial").GetBoolean()); // partial exactly while files are left
            Assert.False(body.GetProperty("truncated").GetBoolean());
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(names, served); // in order, each file once, none lost between pages
        Assert.InRange(pages, 4, 7);
    }

    [Fact]
    public async Task McpSearch_OverTheCallsBudget_SaysPartialWithTheCursorThatSearchesTheRest()
    {
        var file = Dense(100) + " needle\n";
        var cost = Cost(file);
        await using var app = WithLimits(new RedactionBudgetLimits(cost * 3 / 2, cost * 3 / 2));
        await app.RepoWith(("a.txt", file), ("b.txt", file), ("c.txt", file), ("d.txt", file));
        await using var mcp = await app.ConnectInProcessAsync(TestRole.Actions);

        var first = await mcp.CallAsync(McpToolNames.Search, ("query", "needle"));

        var structured = first.StructuredContent!.Value;
        Assert.True(structured.GetProperty("partial").GetBoolean());
        var cursor = structured.GetProperty("next_cursor").GetString()!;
        Assert.Contains($"call search again with the same arguments and cursor=\"{cursor}\" to search the rest", first.Text(), StringComparison.Ordinal);
        var files = structured.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()).ToList();

        for (var page = 0; page < 8 && cursor is not null; page++)
        {
            var next = await mcp.CallAsync(McpToolNames.Search, ("query", "needle"), ("cursor", cursor));
            Assert.DoesNotContain(Value, next.Text(), StringComparison.Ordinal);
            var body = next.StructuredContent!.Value;
            files.AddRange(body.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()));
            cursor = body.TryGetProperty("next_cursor", out var more) && more.ValueKind == JsonValueKind.String ? more.GetString() : null;
        }

        Assert.Equal(["a.txt", "b.txt", "c.txt", "d.txt"], files); // each file once, in order, over the pages
        Assert.DoesNotContain(Value, first.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpSearch_FileOverItsShare_IsSkippedAndSaidInTheResult()
    {
        var dense = Dense(200) + " needle\n";
        await using var app = WithLimits(new RedactionBudgetLimits(Cost(dense) / 2, Cost(dense) * 100));
        await app.RepoWith(("a_clean.txt", "first needle\n"), ("b_dense.txt", dense));
        await using var mcp = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await mcp.CallAsync(McpToolNames.Search, ("query", "needle"));

        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        Assert.Equal("a_clean.txt", Assert.Single(structured.GetProperty("results").EnumerateArray()).GetProperty("file").GetString());
        Assert.Equal("b_dense.txt", Assert.Single(structured.GetProperty("skipped").EnumerateArray()).GetProperty("file").GetString());
        Assert.Contains("skipped: 1 file(s) too costly to redact (b_dense.txt)", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_OverTheBudget_Answers422ForEveryRange_WithoutAnyOfItsText()
    {
        var line = Dense(20) + "\n";
        var file = string.Concat(Enumerable.Repeat(line, 20));
        await using var app = WithLimits(new RedactionBudgetLimits(Cost(line) * 8, Cost(line) * 8));
        await app.RepoWith(("dense.txt", file));
        using var client = app.CreateClient(TestRole.Actions);

        // A range is cut out of the whole file's redaction (a line's value may be decided lines away), so it costs the
        // whole file: twenty lines' cost, over eight, for one line as for all.
        foreach (var range in new[] { "", "&start_line=1&end_line=1", "&start_line=20&end_line=20" })
        {
            var refused = await client.Get("/file?path=dense.txt" + range);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Json();
            Assert.Contains("no part of this file can be served", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Value, problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Diff_OverTheRequestBudget_Answers422SayingHowToNarrowIt()
    {
        var file = string.Concat(Enumerable.Repeat(Dense(20) + "\n", 10));
        await using var app = WithLimits(new RedactionBudgetLimits(Cost(file) / 2, Cost(file) / 2));
        var repo = await app.RepoWith(("readme.txt", "hello\n"));
        repo.Git("branch", "base");
        repo.Write("dense.txt", file).Commit("dense");
        using var client = app.CreateClient(TestRole.Actions);

        var refused = await client.Get("/diff?base=base&head=HEAD&mode=patch");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Json();
        Assert.Contains("use mode=stat", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/diff?base=base&head=HEAD&mode=stat")).StatusCode);
    }

    private static string Dense(int units) => string.Concat(Enumerable.Repeat($"password={Value} ", units));

    // The candidates one redaction of `text` inspects, measured with an engine that has no limit.
    private static long Cost(string text)
    {
        var engine = RedactionEngine.CreateDefault(Unlimited);
        engine.RedactLines(new RedactableText(text), 1, int.MaxValue);
        Assert.True(engine.WorkUnits > 10, "the dense text must cost something to redact");
        return engine.WorkUnits;
    }

    private static OrchestratorApp WithLimits(RedactionBudgetLimits limits) =>
        new OrchestratorApp().WithServices(services => services.AddSingleton(limits));
}
