using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>An unexpected failure inside a tool is handled like an endpoint's: no internals out, observers told, nothing unaudited.</summary>
public sealed class McpFailureTests
{
    [Fact]
    public async Task SelectRepo_AuditLogUnwritable_FailsNamingTheAuditLogNotAsAnInternalFailure()
    {
        await using var app = new OrchestratorApp();
        var recorder = new RecordingObserver();
        var auditDir = Path.Combine(app.Home, "audit");
        app.With("ORCH_AUDIT_LOG_PATH", Path.Combine(auditDir, "audit.log"));
        app.WithServices(s => s.AddSingleton<IFailureObserver>(recorder));
        var repo = app.CreateRepo("app");
        var address = app.StartKestrel();
        if (Directory.Exists(auditDir))
        {
            Directory.Delete(auditDir, recursive: true);
        }

        await File.WriteAllTextAsync(auditDir, "a file where the audit folder should be");
        await using var client = await McpTestClient.ConnectAsync(address, TestRole.Admin);

        var result = await client.CallAsync(McpToolNames.SelectRepo, ("path", repo.Name));

        // Issue 15: a storage fault is refused with its cause (503 here: the audit folder is a file), it is not an
        // internal failure (no observer, no PANIC event); the selection is audited after it took effect, so it stands.
        Assert.True(result.IsError);
        Assert.Contains("Error 503: The audit log cannot be written", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(McpToolRunner.FailureText, result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Home, result.Text(), StringComparison.Ordinal);
        Assert.Empty(recorder.Failures);
    }

    private sealed class RecordingObserver : IFailureObserver
    {
        public List<(Exception Exception, string CorrelationId)> Failures { get; } = [];

        public Task OnUnhandledFailureAsync(HttpContext context, Exception exception, string correlationId)
        {
            lock (Failures)
            {
                Failures.Add((exception, correlationId));
            }

            return Task.CompletedTask;
        }
    }
}
