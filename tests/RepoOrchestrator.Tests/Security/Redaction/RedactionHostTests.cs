using Microsoft.Extensions.Options;
using RepoOrchestrator.Hosting;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class RedactionHostTests
{
    private const string BrokenRules = "[[rules]]\nid = \"broken\"\nregex = '''([a-z'''\n";

    [Fact]
    public async Task Start_WithBadRulesFile_FailsWithOneLineNamingTheVariable()
    {
        // The service's own builder: WebApplicationFactory runs Program's catch (which prints this same line and
        // exits with code 2) and then surfaces only a disposed host, so the message is asserted here.
        using var root = new TempDirectory("orch-root");
        var home = Directory.CreateDirectory(Path.Combine(root.Path, ".orch-home")).FullName;
        var rules = Path.Combine(home, "rules.toml");
        await File.WriteAllTextAsync(rules, BrokenRules);
        await using var app = OrchestratorApplication.Build(
        [
            $"--ORCH_HOME={home}", $"--ORCH_REPO_ROOT={root.Path}", "--ORCH_PORT=0",
            $"--ORCH_TOKEN={OrchestratorApp.AdminToken}", $"--ORCH_ACTIONS_TOKEN={OrchestratorApp.ActionsToken}",
            $"--ORCH_REDACTION_RULES={rules}",
        ]);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.StartsWith("ORCH_REDACTION_RULES is invalid", failure.Message, StringComparison.Ordinal);
        Assert.Contains("rule 1 ('broken') 'regex' does not compile", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Equal(failure.Message, Assert.Single(failure.Failures));
    }

    [Fact]
    public async Task TestHost_WithBadRulesFile_RefusesToStart()
    {
        await using var app = new OrchestratorApp();
        var path = Path.Combine(app.Home, "rules.toml");
        await File.WriteAllTextAsync(path, BrokenRules);
        app.With("ORCH_REDACTION_RULES", path);

        Assert.ThrowsAny<Exception>(() => app.CreateClient());
    }

    [Fact]
    public async Task Start_WithGoodRulesFile_RedactorAppliesCustomRule()
    {
        await using var app = new OrchestratorApp();
        var path = Path.Combine(app.Home, "rules.toml");
        await File.WriteAllTextAsync(path, "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z0-9]{16}'''\nkeywords = [\"acme_\"]\n");
        app.With("ORCH_REDACTION_RULES", path);
        using var client = app.CreateClient();

        var redactor = app.Service<ITextRedactor>();

        Assert.Equal($"key {ITextRedactor.Marker}", redactor.Redact("key acme_0123456789abcdef"));
        Assert.Same(redactor, app.Service<ITextRedactor>()); // one shared, thread-safe instance
    }

    [Fact]
    public async Task Start_WithoutRulesFile_RedactorHasBuiltInRules()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();

        var redacted = app.Service<ITextRedactor>().Redact("DB_PASSWORD=Tr0ub4dor-x1");

        Assert.Equal($"DB_PASSWORD={ITextRedactor.Marker}", redacted);
    }
}
