namespace RepoOrchestrator.Configuration;

/// <summary>
/// Every ORCH_* setting, parsed and resolved to absolute paths. A class (not a record) because it points at
/// secrets: a record's generated ToString would print them. Never log an instance.
/// </summary>
public sealed class OrchestratorOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 9325;
    public string Home { get; set; } = "";

    /// <summary>True when ORCH_HOME is set nowhere and <see cref="Home"/> is the per-user state folder (<see cref="DefaultHome"/>).</summary>
    public bool HomeIsDefault { get; set; }

    /// <summary>ORCH_REPO_ROOT, absolute; null when it is not set (the root stored with `repos root`, or none: no guess).</summary>
    public string? RepoRoot { get; set; }

    /// <summary>Admin token from ORCH_TOKEN; when null the token lives in <see cref="TokenFile"/>.</summary>
    public string? Token { get; set; }
    public string TokenFile { get; set; } = "";
    public string? ActionsToken { get; set; }
    public string ActionsTokenFile { get; set; } = "";

    public int SnapshotTtlSeconds { get; set; } = 240;
    public string AllowlistPath { get; set; } = "";
    public int AllowlistTtlSeconds { get; set; } = 240;
    public bool AllowlistRequire { get; set; }

    /// <summary>Serve regular files with more than one link (ORCH_ALLOW_HARDLINKS); the service's own files stay refused.</summary>
    public bool AllowHardLinks { get; set; }

    public int MaxLines { get; set; } = 500;
    public int MaxBytes { get; set; } = 250_000;
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    public int RateLimitPerMinute { get; set; } = 100;
    public int RateLimitWindowSeconds { get; set; } = 60;
    public int SubprocessTimeoutSeconds { get; set; } = 10;

    public string AuditLogPath { get; set; } = "";
    public long AuditLogMaxBytes { get; set; } = 5_242_880;
    public int AuditLogBackupCount { get; set; } = 5;

    public IReadOnlyList<string> CorsOrigins { get; set; } = OrchestratorDefaults.CorsOrigins;

    public int PanicAuthThreshold { get; set; } = 5;
    public int PanicAuthWindowSeconds { get; set; } = 60;
    public int PanicExceptionThreshold { get; set; } = 3;
    public int PanicExceptionWindowSeconds { get; set; } = 60;

    public IReadOnlySet<string> AllowedExtensions { get; set; } = OrchestratorDefaults.AllowedExtensions;
    public IReadOnlySet<string> DeniedExtensions { get; set; } = OrchestratorDefaults.DeniedExtensions;
    public IReadOnlySet<string> DeniedDirs { get; set; } = OrchestratorDefaults.DeniedDirs;

    public string ServiceName { get; set; } = "RepoOrchestrator";
    public bool Headless { get; set; }
    public string? RedactionRulesPath { get; set; }
    public bool TrustForwarded { get; set; }

    /// <summary>Extra host names the service answers to (ORCH_ALLOWED_HOSTS), beside loopback, ORCH_HOST and ORCH_PUBLIC_URL's host.</summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// The base URL clients use to reach the service (ORCH_PUBLIC_URL), written as the `servers` entry of the
    /// OpenAPI document: a tunnel's https address for a GPT Action, else the local listen address.
    /// </summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:9325";

    /// <summary>OAuth 2.1 for /mcp (ORCH_OAUTH): auto (on only when <see cref="PublicUrl"/> is https), on or off.</summary>
    public OAuthMode OAuth { get; set; } = OAuthMode.Auto;

    /// <summary>The repository index for /search and /tree (ORCH_INDEX, on by default; Index/).</summary>
    public bool IndexEnabled { get; set; } = true;

    /// <summary>Seconds between full checks of an index against the files (ORCH_INDEX_RECHECK_SECONDS), beside file-system notifications.</summary>
    public int IndexRecheckSeconds { get; set; } = 60;

    public string IndexDirectory => Path.Combine(Home, "index");

    public string SnapshotDirectory => Path.Combine(Home, ".orch_snapshots");
    public string StateDatabasePath => Path.Combine(Home, "orchestrator.db");

    /// <summary>The OAuth authorization server's store and keys (only written when OAuth is on).</summary>
    public string OAuthFolder => Path.Combine(Home, "oauth");
}
