using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Processes;
using RepoOrchestrator.ServiceControl;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.ServiceControl;

/// <summary>`/ui/service/*` through a fake process runner: headless, systemd, the Windows SCM, failures and timeouts.</summary>
public sealed class ServiceControlEndpointsTests
{
    [Theory]
    [InlineData("GET", "status", "SERVICE_STATUS")]
    [InlineData("POST", "restart", "SERVICE_RESTART")]
    [InlineData("POST", "stop", "SERVICE_STOP")]
    public async Task ServiceControl_Headless_AnswersWithoutTouchingTheOs(string method, string action, string op)
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(0, "active\n"));
        await using var app = Host(fake).With("ORCH_HEADLESS", "true");
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, method, action);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("headless", body.GetProperty("status").GetString());
        Assert.Equal(action, body.GetProperty("action").GetString());
        Assert.StartsWith("Headless mode (ORCH_HEADLESS=true): the OS service manager was not contacted", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
        Assert.Contains($"OP:{op} | PATH:RepoOrchestrator | RANGE:headless", await LastAuditLine(client), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "active\n", "active")]
    [InlineData(3, "inactive\n", "inactive")]
    [InlineData(3, "failed\n", "failed")]
    public async Task Status_Systemd_ReportsTheUnitState(int exit, string stdout, string state)
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(exit, stdout));
        await using var app = Host(fake, new SystemdCommands()).With("ORCH_SERVICE_NAME", "repo-orchestrator").With("ORCH_SUBPROCESS_TIMEOUT", "7");
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "GET", "status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("systemd", body.GetProperty("manager").GetString());
        Assert.Equal(state, body.GetProperty("state").GetString());
        var (request, timeout) = Assert.Single(fake.Calls);
        Assert.Equal("systemctl", request.FileName);
        Assert.Equal(["is-active", "--", "repo-orchestrator"], request.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(7), timeout);
        Assert.Contains("OP:SERVICE_STATUS | PATH:repo-orchestrator | RANGE:systemd | HASH:- | ACTOR:admin:", await LastAuditLine(client), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("restart", "SERVICE_RESTART")]
    [InlineData("stop", "SERVICE_STOP")]
    public async Task RestartAndStop_Systemd_QueueTheJobWithoutBlocking(string action, string op)
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(0));
        await using var app = Host(fake, new SystemdCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "POST", action);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.StartsWith($"systemd accepted the {action} of RepoOrchestrator", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (request, _) = Assert.Single(fake.Calls);
        Assert.Equal(["--no-block", action, "--", "RepoOrchestrator"], request.Arguments);
        Assert.Contains($"OP:{op} | PATH:RepoOrchestrator | RANGE:systemd", await LastAuditLine(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ManagerFails_Is500WithItsMessageAndNoPanicBody()
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(1, "", "Failed to restart RepoOrchestrator.service: Access denied\n"));
        await using var app = Host(fake, new SystemdCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "POST", "restart");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            "systemctl --no-block restart RepoOrchestrator failed (exit 1): Failed to restart RepoOrchestrator.service: Access denied",
            problem.GetProperty("detail").GetString());
        Assert.EndsWith("/service-control-failed", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoStateInTheAnswer_Is500()
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(1, "", "System has not been booted with systemd as init system (PID 1). Can't operate.\n"));
        await using var app = Host(fake, new SystemdCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "GET", "status");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("systemctl is-active RepoOrchestrator gave no service state (exit 1): System has not been booted with systemd as init system (PID 1). Can't operate.", detail);
    }

    [Fact]
    public async Task Stop_ManagerHangs_Is500NamingTheTimeout()
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.TimedOut());
        await using var app = Host(fake, new SystemdCommands()).With("ORCH_SUBPROCESS_TIMEOUT", "3");
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "POST", "stop");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("systemctl --no-block stop RepoOrchestrator did not finish within 3 s (ORCH_SUBPROCESS_TIMEOUT) and was stopped.", detail);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(fake.Calls).Timeout);
    }

    [Fact]
    public async Task Status_WindowsScm_ReadsTheStateLine()
    {
        const string query = "\r\nSERVICE_NAME: RepoOrchestrator\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n        STATE              : 4  RUNNING\r\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\r\n";
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(0, query));
        await using var app = Host(fake, new WindowsScmCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "GET", "status");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("RUNNING", body.GetProperty("state").GetString());
        Assert.Equal("windows-scm", body.GetProperty("manager").GetString());
        var (request, _) = Assert.Single(fake.Calls);
        Assert.Equal("sc.exe", request.FileName);
        Assert.Equal(["query", "RepoOrchestrator"], request.Arguments);
    }

    [Fact]
    public async Task Stop_WindowsScmUnknownService_Is500WithScMessage()
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(1060, "[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n"));
        await using var app = Host(fake, new WindowsScmCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "POST", "stop");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal("sc.exe stop RepoOrchestrator failed (exit 1060): [SC] OpenService FAILED 1060: The specified service does not exist as an installed service.", detail);
        Assert.Equal(["stop", "RepoOrchestrator"], Assert.Single(fake.Calls).Request.Arguments);
    }

    [Fact]
    public async Task Restart_WindowsScm_HandsTheJobToADetachedRestartService()
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(0));
        await using var app = Host(fake, new WindowsScmCommands());
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await Send(client, "POST", "restart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (request, _) = Assert.Single(fake.Calls);
        Assert.Equal("powershell.exe", request.FileName);
        Assert.Contains("Restart-Service -Name ''RepoOrchestrator'' -Force", request.Arguments[^1], StringComparison.Ordinal);
        Assert.StartsWith("Start-Process -WindowStyle Hidden", request.Arguments[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "status")]
    [InlineData("POST", "restart")]
    [InlineData("POST", "stop")]
    public async Task ServiceControl_AsActions_IsForbiddenAndRunsNothing(string method, string action)
    {
        var fake = new FakeProcessRunner(FakeProcessRunner.Exit(0, "active\n"));
        await using var app = Host(fake, new SystemdCommands());
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await Send(client, method, action);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(fake.Calls);
    }

    private static OrchestratorApp Host(IProcessRunner fake, IServiceManagerCommands? commands = null)
    {
        var app = new OrchestratorApp();
        app.WithServices(s =>
        {
            s.RemoveAll<IProcessRunner>();
            s.AddSingleton(fake);
            if (commands is not null)
            {
                s.RemoveAll<IServiceManagerCommands>();
                s.AddSingleton(commands);
            }
        });
        return app;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string action) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri($"/ui/service/{action}", UriKind.Relative)));

    private static async Task<string> LastAuditLine(HttpClient client)
    {
        var audit = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        return audit.GetProperty("lines").EnumerateArray().Last().GetString()!;
    }
}
