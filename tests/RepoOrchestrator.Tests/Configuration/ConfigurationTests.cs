using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public void Bind_NoValues_GivesSpecDefaults()
    {
        using var dir = new TempDirectory();
        var o = OrchestratorOptionsBinder.Bind(new ConfigurationBuilder().Build(), dir.Path);
        Assert.Equal("127.0.0.1", o.Host);
        Assert.Equal(9325, o.Port);
        Assert.Equal(dir.Path, o.Home);
        Assert.Equal(Path.GetDirectoryName(dir.Path), o.RepoRoot);
        Assert.Equal(Path.Combine(dir.Path, ".orch_token"), o.TokenFile);
        Assert.Equal(Path.Combine(dir.Path, ".orch_actions_token"), o.ActionsTokenFile);
        Assert.Equal(240, o.SnapshotTtlSeconds);
        Assert.Equal(Path.Combine(dir.Path, "allowed_paths.json"), o.AllowlistPath);
        Assert.Equal(240, o.AllowlistTtlSeconds);
        Assert.False(o.AllowlistRequire);
        Assert.False(o.AllowHardLinks);
        Assert.Equal((500, 250_000, 5L * 1024 * 1024), (o.MaxLines, o.MaxBytes, o.MaxFileBytes));
        Assert.Equal((100, 60, 10), (o.RateLimitPerMinute, o.RateLimitWindowSeconds, o.SubprocessTimeoutSeconds));
        Assert.Equal(Path.Combine(dir.Path, "logs", "orchestrator_audit.log"), o.AuditLogPath);
        Assert.Equal((5_242_880L, 5), (o.AuditLogMaxBytes, o.AuditLogBackupCount));
        Assert.Equal((5, 60, 3, 60), (o.PanicAuthThreshold, o.PanicAuthWindowSeconds, o.PanicExceptionThreshold, o.PanicExceptionWindowSeconds));
        Assert.Contains("http://localhost:5173", o.CorsOrigins);
        Assert.Contains("http://127.0.0.1:9325", o.CorsOrigins);
        Assert.Equal(6, o.CorsOrigins.Count);
        Assert.Contains(".cs", o.AllowedExtensions);
        Assert.Contains(".PEM", o.DeniedExtensions);
        Assert.Contains(".git", o.DeniedDirs);
        Assert.Equal("RepoOrchestrator", o.ServiceName);
        Assert.False(o.Headless);
        Assert.Null(o.RedactionRulesPath);
        Assert.False(o.TrustForwarded);
    }

    [Theory]
    [InlineData("ORCH_PORT", "abc", "ORCH_PORT is invalid: it accepts a whole number from 0 to 65535")]
    [InlineData("ORCH_PORT", "70000", "ORCH_PORT is invalid")]
    [InlineData("ORCH_HOST", "not a host", "ORCH_HOST is invalid: it accepts an IP address")]
    [InlineData("ORCH_SNAPSHOT_TTL", "-1", "ORCH_SNAPSHOT_TTL is invalid")]
    [InlineData("ORCH_ALLOWLIST_REQUIRE", "maybe", "ORCH_ALLOWLIST_REQUIRE is invalid: it accepts true or false")]
    [InlineData("ORCH_ALLOW_HARDLINKS", "yes please", "ORCH_ALLOW_HARDLINKS is invalid: it accepts true or false")]
    [InlineData("ORCH_MAX_LINES", "0", "ORCH_MAX_LINES is invalid")]
    [InlineData("ORCH_CORS_ORIGINS", "not-an-origin", "ORCH_CORS_ORIGINS is invalid")]
    [InlineData("ORCH_ALLOWED_EXTENSIONS", "*", "ORCH_ALLOWED_EXTENSIONS is invalid")]
    [InlineData("ORCH_AUDIT_LOG_BACKUP_COUNT", "x", "ORCH_AUDIT_LOG_BACKUP_COUNT is invalid")]
    [InlineData("ORCH_SERVICE_NAME", "bad;name", "ORCH_SERVICE_NAME is invalid")]
    [InlineData("ORCH_OAUTH", "maybe", "ORCH_OAUTH is invalid: it accepts auto, on or off")]
    public void Bind_BadValue_NamesTheVariableAndWhatItAccepts(string key, string value, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var ex = Assert.Throws<OptionsValidationException>(() => OrchestratorOptionsBinder.Bind(config, Path.GetTempPath()));
        Assert.Contains(expected, ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_LongBadValue_IsNotEchoedWhole()
    {
        var secretLooking = new string('x', 40);
        var config = new ConfigurationBuilder().AddInMemoryCollection([new("ORCH_PORT", secretLooking)]).Build();
        var ex = Assert.Throws<OptionsValidationException>(() => OrchestratorOptionsBinder.Bind(config, Path.GetTempPath()));
        Assert.DoesNotContain(secretLooking, ex.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_BadValue_FailsAtStartWithOneLine()
    {
        using var root = new TempDirectory();
        var ex = await StartAsync($"--ORCH_HOME={root.Combine("home")}", $"--ORCH_REPO_ROOT={root.Path}", "--ORCH_RATE_LIMIT_PER_MIN=lots");
        Assert.Equal("ORCH_RATE_LIMIT_PER_MIN is invalid: it accepts a whole number from 1 to 10000000 (got 'lots').", ex.Failures.Single());
    }

    [Fact]
    public async Task Host_MissingRepoRoot_FailsAtStart()
    {
        using var root = new TempDirectory();
        var ex = await StartAsync($"--ORCH_HOME={root.Combine("home")}", $"--ORCH_REPO_ROOT={root.Combine("missing")}");
        Assert.StartsWith("ORCH_REPO_ROOT is invalid: the folder", ex.Failures.Single(), StringComparison.Ordinal);
    }

    /// <summary>The production start path (command-line configuration, options validated on start).</summary>
    private static async Task<OptionsValidationException> StartAsync(params string[] args)
    {
        return await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = RepoOrchestrator.Hosting.OrchestratorApplication.Build([.. args, "--ORCH_PORT=0"]);
            await app.StartAsync();
        });
    }

    [Fact]
    public void Validator_UnwritableHome_Fails()
    {
        using var dir = new TempDirectory();
        var file = dir.WriteFile("not-a-folder", "x");
        var o = new OrchestratorOptions { Home = Path.Combine(file, "home"), RepoRoot = dir.Path };
        var result = new OrchestratorOptionsValidator().Validate(null, o);
        Assert.True(result.Failed);
        Assert.Contains("ORCH_HOME is invalid", result.FailureMessage, StringComparison.Ordinal);
    }
}
