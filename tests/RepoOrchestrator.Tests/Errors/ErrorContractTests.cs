using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.ServiceControl;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Errors;

/// <summary>
/// One error contract: each expected failure of an endpoint comes back as problem+json with the status its
/// service returned, that status is listed for the operation in the OpenAPI document (the same declaration), and
/// no endpoint answers a status it did not declare.
/// </summary>
public sealed class ErrorContractTests
{
    private const string Undeclared = "a failure its ProducesProblems declaration does not list";

    public static TheoryData<string, string, int> Failures => new()
    {
        { "GET", "/file", 400 },
        { "GET", "/file?path=.env", 403 },
        { "GET", "/file?path=src/missing.py", 404 },
        { "GET", "/file?path=big.txt", 413 },
        { "GET", "/file?path=blob.txt", 415 },
        { "GET", "/tree?path=src/app.py", 400 },
        { "GET", "/tree?path=.git", 403 },
        { "GET", "/tree?path=nope", 404 },
        { "GET", "/search?q=ab", 400 },
        { "GET", "/diff?base=no-such-branch", 400 },
        { "GET", "/diff?mode=wide", 400 },
        { "GET", "/git/log?max_count=0", 400 },
        { "GET", "/git/log?path=.env", 403 },
        { "GET", "/git/show?path=src/app.py&ref=no-such-branch", 400 },
        { "GET", "/git/show?path=.env", 403 },
        { "GET", "/git/show?path=src/missing.py", 404 },
        { "GET", "/git/show?path=big.txt", 413 },
        { "GET", "/git/show?path=blob.txt", 415 },
        { "GET", "/git/blame?path=.env", 403 },
        { "GET", "/git/blame?path=big.txt", 413 },
        { "POST", "/ui/repos/select?path=missing", 404 },
        { "POST", "/ui/repos/select?path=../outside", 400 },
        { "POST", "/ui/repos/open?path=missing", 404 },
        { "POST", "/ui/repos/vitaminize?path=missing", 404 },
        { "POST", "/ui/security/resolve?action=other", 400 },
        { "GET", "/ui/audit?limit=1", 400 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Endpoint_ExpectedFailure_IsDeclaredProblemJson(string method, string url, int status)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_FILE_BYTES", "4096").WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        await app.RepoWith(("src/app.py", "print('hi')\n"), ("big.txt", new string('x', 5000)), ("blob.txt", "a\0b\n"));
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("detail").GetString()));
        Assert.True(body.RootElement.TryGetProperty("correlation_id", out _));
        Assert.Contains(status, await DocumentedStatuses(client, method, url));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/file?path=src/app.py")]
    [InlineData("/tree")]
    [InlineData("/search?q=print")]
    [InlineData("/diff")]
    [InlineData("/git/log")]
    [InlineData("/git/show?path=src/app.py")]
    [InlineData("/git/blame?path=src/app.py")]
    public async Task ReadEndpoint_NoActiveRepository_IsDeclared409(string url)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(409, await DocumentedStatuses(client, "GET", url));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/file?path=src/app.py")]
    [InlineData("/tree")]
    [InlineData("/search?q=print")]
    [InlineData("/diff")]
    [InlineData("/git/log")]
    [InlineData("/git/show?path=src/app.py")]
    [InlineData("/git/blame?path=src/app.py")]
    public async Task ReadEndpoint_TokenScopedToOtherRepositories_IsDeclared403(string url)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        await app.RepoWith(("src/app.py", "print('hi')\n"));
        var token = app.Service<RepoOrchestrator.Security.Authentication.NamedTokenStore>().Create(
            "elsewhere", RepoOrchestrator.Security.Authentication.OrchestratorRole.Actions,
            RepoOrchestrator.Security.Authentication.RepositoryScope.Parse("other", out _)!, null, null).Value;
        using var client = app.CreateClient(token);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(403, await DocumentedStatuses(client, "GET", url));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceControl_NoServiceManager_IsDeclared500ProblemJson()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.With("ORCH_HEADLESS", "false").WithServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.RemoveAll<IServiceManagerCommands>();
            s.AddSingleton<IServiceManagerCommands>(new UnsupportedServiceManager());
        });
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await client.PostAsync(new Uri("/ui/service/restart", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ORCH_HEADLESS=true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(500, await DocumentedStatuses(client, "POST", "/ui/service/restart"));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));
        Assert.Single(app.AuditLines("SERVICE_RESTART_FAILED"));
    }

    [Fact]
    public async Task ProblemResult_StatusTheEndpointDidNotDeclare_IsLogged()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new ExpectedProblems([409])), "GET /x"));

        await new ProblemResult(Problem.Conflict("declared")).ExecuteAsync(context);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Undeclared, StringComparison.Ordinal));

        await new ProblemResult(Problem.NotFound("not declared")).ExecuteAsync(context);
        Assert.Contains(logs.Entries, e => e.Message.Contains("GET /x answered 404, " + Undeclared, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<int>> DocumentedStatuses(HttpClient client, string method, string url)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi.json", UriKind.Relative)));
        var path = url.Split('?')[0];
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());
        return [.. operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
