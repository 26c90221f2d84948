using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>
/// Both served documents lint clean (no error, no warning) with a real OpenAPI linter: Redocly CLI, the recommended
/// rules and tests/node/redocly.yaml (which says why it relaxes what it relaxes). Fails when the linter is missing.
/// </summary>
public sealed class OpenApiLintTests
{
    [Theory]
    [InlineData("/openapi/actions.json")]
    [InlineData("/openapi.json")]
    public async Task Document_RedoclyRecommended_LintsClean(string path)
    {
        var cli = NodeTools.Package(Path.Combine("@redocly", "cli", "bin", "cli.js"));
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orchestrator.tunnel.test");
        using var client = app.CreateClient();
        var document = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        using var temp = new TempDirectory("orch-lint");
        var file = temp.WriteFile("openapi.json", document);

        var (code, output, error) = await NodeTools.RunAsync(
            cli, ["lint", file, "--config", Path.Combine(NodeTools.Folder, "redocly.yaml"), "--format=json"], temp.Path);

        Assert.True(output.TrimStart().StartsWith('{'), $"redocly printed no report (exit {code}): {error}");
        using var report = JsonDocument.Parse(output);
        var totals = report.RootElement.GetProperty("totals");
        var problems = string.Join("\n", report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"));
        Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0, problems);
        Assert.Equal(0, code);
    }
}
