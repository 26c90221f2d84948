using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace RepoOrchestrator.Tests.Infrastructure;

public enum TestRole
{
    Admin,
    Actions,
}

/// <summary>
/// The real service in a test host with its own temp home and repository root, configured through the same
/// ORCH_* keys an operator uses, and clients that send real bearer tokens (no auth bypass). Pass a shared
/// <see cref="Home"/>/<see cref="Root"/> to simulate a restart or two processes on one ORCH_HOME.
/// </summary>
public sealed class OrchestratorApp : WebApplicationFactory<Program>
{
    public const string AdminToken = "admin-token-0123456789abcdefghijklmnop";
    public const string ActionsToken = "actions-token-0123456789abcdefghijklmno";

    private readonly TempDirectory? _ownedRoot;
    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public OrchestratorApp(string? root = null, string? home = null, bool envTokens = true)
    {
        if (root is null)
        {
            _ownedRoot = new TempDirectory("orch-root");
            root = _ownedRoot.Path;
        }

        Root = root;
        Home = home ?? System.IO.Path.Combine(root, ".orch-home");
        Directory.CreateDirectory(Home);
        _settings = new Dictionary<string, string?>
        {
            ["ORCH_HOME"] = Home,
            ["ORCH_REPO_ROOT"] = Root,
            ["ORCH_RATE_LIMIT_PER_MIN"] = "100000",
        };
        if (envTokens)
        {
            _settings["ORCH_TOKEN"] = AdminToken;
            _settings["ORCH_ACTIONS_TOKEN"] = ActionsToken;
        }
    }

    public string Root { get; }

    public string Home { get; }

    /// <summary>The clock the service sees; advance it instead of sleeping.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public bool UseFakeTime { get; set; }

    /// <summary>Sets an ORCH_* value (null removes it); call before the first client is created.</summary>
    public OrchestratorApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services; call before the first client is created.</summary>
    public OrchestratorApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public TempGitRepo CreateRepo(string name = "app") => new(Root, name);

    public HttpClient CreateClient(TestRole role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", role == TestRole.Admin ? AdminToken : ActionsToken);
        return client;
    }

    public HttpClient CreateClient(string bearer)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Selects <paramref name="repo"/> as the active repository through the API.</summary>
    public async Task SelectAsync(TempGitRepo repo)
    {
        using var client = CreateClient(TestRole.Admin);
        using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={Uri.EscapeDataString(repo.Name)}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (UseFakeTime)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            }

            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _ownedRoot?.Dispose();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownedRoot?.Dispose();
    }
}
