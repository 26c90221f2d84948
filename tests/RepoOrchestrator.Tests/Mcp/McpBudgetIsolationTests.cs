using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 16 attack: the redaction budget lives in an <see cref="AsyncLocal{T}"/> opened per tool call by
/// <see cref="McpToolRunner"/>. Tool calls sent together on one session (stdio, and one Streamable HTTP session) each
/// spend about 70 % of a request budget: were a call to inherit another's spent budget (or its session's), two of them
/// would pass the limit and files would come back skipped. The control shows the limit is real: one call asking for
/// twice the work does pass it. Costs are measured with an unlimited engine, never guessed.
/// </summary>
public sealed class McpBudgetIsolationTests
{
    private const string Value = "Xk9vQ2mP7rT4wZ";
    private const int FilesPerCall = 4;
    private static readonly RedactionBudgetLimits Unlimited = new(long.MaxValue / 4, long.MaxValue / 2);

    [Fact]
    public async Task Runner_ConcurrentCalls_EachSeesAFreshBudgetOfItsOwnAndLeavesTheCallersAlone()
    {
        var limits = new RedactionBudgetLimits(1_000, 4_000);
        await using var app = new OrchestratorApp().WithServices(services => services.AddSingleton(limits));
        var runner = app.Service<McpToolRunner>();
        using var outer = RedactionBudget.BeginRequest(limits); // the caller's own budget (an HTTP request, a session)
        outer.Budget.Charge();
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var spent = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => RunAsync(i * 100))));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)(i * 100)), spent); // each counted only its own charges

        started = int.MinValue; // a call on the caller's own flow: no barrier this time
        Assert.Equal(50, await RunAsync(50));
        Assert.Same(outer.Budget, RedactionBudget.Current); // the caller's budget is back, untouched by the calls
        Assert.Equal(1, outer.Budget.Spent);

        async Task<long> RunAsync(int charges)
        {
            RedactionBudget? mine = null;
            var result = await runner.RunAsync("probe", async () =>
            {
                mine = RedactionBudget.Current;
                Assert.NotNull(mine);
                Assert.NotSame(outer.Budget, mine);
                Assert.Null(mine.Parent); // never drawn from the caller's budget
                Assert.Equal(0, mine.Spent); // and never a budget another call already spent
                if (Interlocked.Increment(ref started) == 8)
                {
                    allStarted.SetResult();
                }

                if (started > 0)
                {
                    await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // every call holds its budget at the same time
                }
                for (var c = 0; c < charges; c++)
                {
                    mine.Charge();
                    await Task.Yield(); // interleave with the other calls
                }

                Assert.Same(mine, RedactionBudget.Current);
                return new CallToolResult { Content = [] };
            });
            Assert.NotEqual(true, result.IsError);
            return mine!.Spent;
        }
    }

    [Fact]
    public async Task Stdio_ToolCallsSentTogether_EachGetsAFullBudgetAndTheLimitStillHolds()
    {
        var limits = RedactionBudgetLimits.Default; // the executable's own limits
        var line = DenseLine(limits.PerCall * 7 / 10);
        using var root = new TempDirectory("orch-stdio");
        var repo = new TempGitRepo(root.Path, "app");
        WriteDenseFiles(repo, line);
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "repo-orchestrator",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={root.Combine(".orch-home")}", $"--ORCH_REPO_ROOT={root.Path}"],
            WorkingDirectory = root.Path,
        }));
        Assert.NotEqual(true, (await client.CallAsync(McpToolNames.SelectRepo, ("path", repo.Name))).IsError);

        await AssertIsolatedAsync(client);
    }

    [Fact]
    public async Task Http_ToolCallsOfOneSessionSentTogether_EachGetsAFullBudgetAndTheLimitStillHolds()
    {
        var cost = Cost(Dense(40) + " needle\n");
        var limits = new RedactionBudgetLimits(cost * 10 / 7, cost * FilesPerCall * 10 / 7); // a file is 70 % of its share
        await using var app = new OrchestratorApp().WithServices(services => services.AddSingleton(limits));
        var repo = app.CreateRepo();
        WriteDenseFiles(repo, Dense(40) + " needle\n");
        app.Service<RepositoryService>().Activate(repo.Path);
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions); // one session for every call below

        await AssertIsolatedAsync(client);
    }

    /// <summary>
    /// Six searches at once, each over <see cref="FilesPerCall"/> dense files (70 % of a request budget); then one more
    /// after them; then the control: one search over both sets of files (140 %) must run out.
    /// </summary>
    private static async Task AssertIsolatedAsync(McpClient client)
    {
        var together = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.CallAsync(McpToolNames.Search, ("query", "needle"), ("ext", i % 2 == 0 ? "txt" : "md"))));
        foreach (var result in together)
        {
            AssertAllHitsServed(result);
        }

        AssertAllHitsServed(await client.CallAsync(McpToolNames.Search, ("query", "needle"), ("ext", "txt"))); // nothing left spent

        var control = await client.CallAsync(McpToolNames.Search, ("query", "needle"));
        Assert.NotEqual(true, control.IsError);
        var structured = control.StructuredContent!.Value;
        var (partial, skipped) = (structured.GetProperty("partial").GetBoolean(), structured.GetProperty("skipped").GetArrayLength());
        Assert.True(partial || skipped > 0, $"one call over twice the work must pass its budget (partial {partial}, skipped {skipped})");
        Assert.DoesNotContain(Value, control.Text(), StringComparison.Ordinal);
    }

    private static void AssertAllHitsServed(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        Assert.Equal(0, structured.GetProperty("skipped").GetArrayLength()); // no file refused for a budget it never spent
        Assert.False(structured.GetProperty("partial").GetBoolean());
        Assert.Equal(FilesPerCall, structured.GetProperty("results").GetArrayLength());
        Assert.DoesNotContain(Value, result.Text(), StringComparison.Ordinal);
    }

    /// <summary><see cref="FilesPerCall"/> files of one dense line in `.txt` and as many in `.md`: one search of each kind.</summary>
    private static void WriteDenseFiles(TempGitRepo repo, string line)
    {
        for (var i = 0; i < FilesPerCall; i++)
        {
            repo.Write($"dense{i}.txt", line).Write($"dense{i}.md", line);
        }

        repo.Commit("dense");
    }

    /// <summary>One line with a hit whose redaction costs about <paramref name="target"/> candidates (checked to ±15 %).</summary>
    private static string DenseLine(long target)
    {
        var perUnit = (double)Cost(Dense(1_000)) / 1_000;
        var line = Dense((int)(target / perUnit)) + " needle\n";
        Assert.InRange(Cost(line), target * 85 / 100, target * 115 / 100);
        return line;
    }

    private static string Dense(int units) => string.Concat(Enumerable.Repeat($"password={Value} ", units));

    // The candidates one redaction of `text` inspects, measured with an engine that has no limit.
    private static long Cost(string text)
    {
        var engine = RedactionEngine.CreateDefault(Unlimited);
        engine.RedactLines(new RedactableText(text), 1, int.MaxValue);
        return engine.WorkUnits;
    }
}
