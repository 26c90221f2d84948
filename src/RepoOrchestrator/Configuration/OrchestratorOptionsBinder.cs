using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RepoOrchestrator.Configuration;

/// <summary>
/// Turns the flat ORCH_* keys (environment, appsettings.json, command line) into <see cref="OrchestratorOptions"/>.
/// The binder does not map ORCH_SNAPSHOT_TTL to SnapshotTtlSeconds by itself, so every key is read here
/// explicitly; a value that does not parse stops start-up with one line naming the variable and what it accepts.
/// </summary>
public static class OrchestratorOptionsBinder
{
    /// <param name="defaultHome">The home when ORCH_HOME is not set (default: <see cref="DefaultHome.ForThisProcess"/>).</param>
    public static OrchestratorOptions Bind(IConfiguration config, string workingDirectory, Func<string?>? defaultHome = null)
    {
        var o = new OrchestratorOptions();
        Bind(o, config, workingDirectory, defaultHome);
        return o;
    }

    public static void Bind(OrchestratorOptions o, IConfiguration config, string workingDirectory, Func<string?>? defaultHome = null)
    {
        string? Raw(string key)
        {
            var v = config[key];
            return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        }

        o.Host = Raw("ORCH_HOST") ?? "127.0.0.1";
        if (!IsValidHost(o.Host))
        {
            throw Invalid("ORCH_HOST", "an IP address such as 127.0.0.1, or localhost");
        }

        o.Port = Int(Raw("ORCH_PORT"), "ORCH_PORT", 9325, 0, 65535);

        // Environment (or file, or command line) first; only when ORCH_HOME is set nowhere, the per-user state folder.
        var homeRaw = Raw("ORCH_HOME");
        o.HomeIsDefault = homeRaw is null;
        o.Home = homeRaw is not null
            ? Path.GetFullPath(homeRaw, Path.GetFullPath(workingDirectory))
            : (defaultHome ?? DefaultHome.ForThisProcess)()
                ?? throw Invalid("ORCH_HOME", "a folder this user can write; set it, because this user has no per-user state folder (HOME, XDG_STATE_HOME and LOCALAPPDATA are unset)");

        // No root is guessed: without ORCH_REPO_ROOT the root is the one stored with `repos root <folder>`, or none.
        var rootRaw = Raw("ORCH_REPO_ROOT");
        o.RepoRoot = rootRaw is null ? null : Path.GetFullPath(rootRaw, o.Home);

        o.Token = Raw("ORCH_TOKEN");
        o.TokenFile = Path.GetFullPath(Raw("ORCH_TOKEN_FILE") ?? ".orch_token", o.Home);
        o.ActionsToken = Raw("ORCH_ACTIONS_TOKEN");
        o.ActionsTokenFile = Path.GetFullPath(Raw("ORCH_ACTIONS_TOKEN_FILE") ?? ".orch_actions_token", o.Home);

        o.SnapshotTtlSeconds = Int(Raw("ORCH_SNAPSHOT_TTL"), "ORCH_SNAPSHOT_TTL", 240, 1, 86_400);
        o.AllowlistPath = Path.GetFullPath(Raw("ORCH_ALLOWLIST_PATH") ?? "allowed_paths.json", o.Home);
        o.AllowlistTtlSeconds = Int(Raw("ORCH_ALLOWLIST_TTL"), "ORCH_ALLOWLIST_TTL", 240, 1, 31_536_000);
        o.AllowlistRequire = Bool(Raw("ORCH_ALLOWLIST_REQUIRE"), "ORCH_ALLOWLIST_REQUIRE", false);
        o.AllowHardLinks = Bool(Raw("ORCH_ALLOW_HARDLINKS"), "ORCH_ALLOW_HARDLINKS", false);

        o.MaxLines = Int(Raw("ORCH_MAX_LINES"), "ORCH_MAX_LINES", 500, 1, 1_000_000);
        o.MaxBytes = Int(Raw("ORCH_MAX_BYTES"), "ORCH_MAX_BYTES", 250_000, 1024, 100_000_000);
        o.MaxFileBytes = Long(Raw("ORCH_MAX_FILE_BYTES"), "ORCH_MAX_FILE_BYTES", 5L * 1024 * 1024, 1, 1L << 32);

        o.RateLimitPerMinute = Int(Raw("ORCH_RATE_LIMIT_PER_MIN"), "ORCH_RATE_LIMIT_PER_MIN", 100, 1, 10_000_000);
        o.RateLimitWindowSeconds = Int(Raw("ORCH_RATE_LIMIT_WINDOW_SECONDS"), "ORCH_RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400);
        o.SubprocessTimeoutSeconds = Int(Raw("ORCH_SUBPROCESS_TIMEOUT"), "ORCH_SUBPROCESS_TIMEOUT", 10, 1, 3_600);

        o.AuditLogPath = Path.GetFullPath(Raw("ORCH_AUDIT_LOG_PATH") ?? Path.Combine("logs", "orchestrator_audit.log"), o.Home);
        o.AuditLogMaxBytes = Long(Raw("ORCH_AUDIT_LOG_MAX_BYTES"), "ORCH_AUDIT_LOG_MAX_BYTES", 5_242_880, 1024, 1L << 40);
        o.AuditLogBackupCount = Int(Raw("ORCH_AUDIT_LOG_BACKUP_COUNT"), "ORCH_AUDIT_LOG_BACKUP_COUNT", 5, 0, 1000);

        var cors = Raw("ORCH_CORS_ORIGINS");
        o.CorsOrigins = cors is null ? OrchestratorDefaults.CorsOrigins : ParseOrigins(cors);

        o.PanicAuthThreshold = Int(Raw("ORCH_PANIC_AUTH_THRESHOLD"), "ORCH_PANIC_AUTH_THRESHOLD", 5, 1, 1_000_000);
        o.PanicAuthWindowSeconds = Int(Raw("ORCH_PANIC_AUTH_WINDOW_SECONDS"), "ORCH_PANIC_AUTH_WINDOW_SECONDS", 60, 1, 86_400);
        o.PanicExceptionThreshold = Int(Raw("ORCH_PANIC_EXCEPTION_THRESHOLD"), "ORCH_PANIC_EXCEPTION_THRESHOLD", 3, 1, 1_000_000);
        o.PanicExceptionWindowSeconds = Int(Raw("ORCH_PANIC_EXCEPTION_WINDOW_SECONDS"), "ORCH_PANIC_EXCEPTION_WINDOW_SECONDS", 60, 1, 86_400);

        o.AllowedExtensions = ExtensionList(Raw("ORCH_ALLOWED_EXTENSIONS"), "ORCH_ALLOWED_EXTENSIONS", OrchestratorDefaults.AllowedExtensions);
        o.DeniedExtensions = ExtensionList(Raw("ORCH_DENIED_EXTENSIONS"), "ORCH_DENIED_EXTENSIONS", OrchestratorDefaults.DeniedExtensions);
        var dirs = Raw("ORCH_DENIED_DIRS");
        o.DeniedDirs = dirs is null ? OrchestratorDefaults.DeniedDirs : OrchestratorDefaults.NameSet(dirs);

        o.ServiceName = Raw("ORCH_SERVICE_NAME") ?? "RepoOrchestrator";
        if (!o.ServiceName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            throw Invalid("ORCH_SERVICE_NAME", "letters, digits, '-', '_', '.' and '@' only");
        }

        o.Headless = Bool(Raw("ORCH_HEADLESS"), "ORCH_HEADLESS", false);
        o.IndexEnabled = Bool(Raw("ORCH_INDEX"), "ORCH_INDEX", true);
        o.IndexRecheckSeconds = Int(Raw("ORCH_INDEX_RECHECK_SECONDS"), "ORCH_INDEX_RECHECK_SECONDS", 60, 5, 86_400);
        var rules = Raw("ORCH_REDACTION_RULES");
        o.RedactionRulesPath = rules is null ? null : Path.GetFullPath(rules, o.Home);
        o.TrustForwarded = Bool(Raw("ORCH_TRUST_FORWARDED"), "ORCH_TRUST_FORWARDED", false);
        o.PublicUrl = PublicUrl(Raw("ORCH_PUBLIC_URL"), o.Host, o.Port);
        o.AllowedHosts = AllowedHosts(Raw("ORCH_ALLOWED_HOSTS"));
        o.OAuth = OAuth(Raw("ORCH_OAUTH"));
        if (o.OAuth == OAuthMode.On && OAuthAddressRefusal(o.PublicUrl) is { } refusal)
        {
            throw Invalid("ORCH_PUBLIC_URL", refusal);
        }
    }

    /// <summary>
    /// With ORCH_OAUTH=on, codes and tokens travel to and from ORCH_PUBLIC_URL: it must be https, or http only to this
    /// machine (local testing), and have no path (the OAuth endpoints and metadata live at the address's root).
    /// </summary>
    private static string? OAuthAddressRefusal(string publicUrl)
    {
        var uri = new Uri(publicUrl, UriKind.Absolute);
        // SECURITY: no authorization code or token over clear text off this machine.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return $"an https address while ORCH_OAUTH is on (http only to 127.0.0.1 or localhost), got '{Shorten(publicUrl)}'";
        }

        return uri.AbsolutePath is "/" or "" ? null : $"an address without a path while ORCH_OAUTH is on (the OAuth endpoints are at its root), got '{Shorten(publicUrl)}'";
    }

    private static OAuthMode OAuth(string? raw) => raw?.ToUpperInvariant() switch
    {
        null or "AUTO" => OAuthMode.Auto,
        "ON" or "TRUE" or "1" or "YES" => OAuthMode.On,
        "OFF" or "FALSE" or "0" or "NO" => OAuthMode.Off,
        _ => throw Invalid("ORCH_OAUTH", $"auto, on or off (got '{Shorten(raw)}')"),
    };

    /// <summary>A comma list of bare host names or addresses (no scheme, port or path).</summary>
    private static string[] AllowedHosts(string? raw)
    {
        var names = (raw ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Any(n => !n.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']')))
        {
            throw Invalid("ORCH_ALLOWED_HOSTS", "a comma-separated list of host names or addresses, without scheme, port or path");
        }

        return names;
    }

    public static OptionsValidationException Invalid(string variable, string accepts) =>
        new(variable, typeof(OrchestratorOptions), [$"{variable} is invalid: it accepts {accepts}."]);

    private static bool IsValidHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _);

    private static int Int(string? raw, string name, int fallback, int min, int max)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Invalid(name, $"a whole number from {min} to {max} (got '{Shorten(raw)}')");
        }

        return v;
    }

    private static long Long(string? raw, string name, long fallback, long min, long max)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Invalid(name, $"a whole number from {min} to {max} (got '{Shorten(raw)}')");
        }

        return v;
    }

    private static bool Bool(string? raw, string name, bool fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        return raw.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => true,
            "FALSE" or "0" or "NO" or "OFF" => false,
            _ => throw Invalid(name, $"true or false (got '{Shorten(raw)}')"),
        };
    }

    private static IReadOnlySet<string> ExtensionList(string? raw, string name, IReadOnlySet<string> fallback)
    {
        if (raw is null)
        {
            return fallback;
        }

        var set = OrchestratorDefaults.ExtensionSet(raw);
        if (set.Count == 0 || set.Any(e => e.Length < 2 || e.IndexOfAny(['/', '\\', '*']) >= 0))
        {
            throw Invalid(name, "a list of file extensions such as '.py .ts' (space or comma separated)");
        }

        return set;
    }

    private static IReadOnlyList<string> ParseOrigins(string raw)
    {
        var list = OrchestratorDefaults.Split(raw).Select(s => s.TrimEnd('/')).ToList();
        foreach (var origin in list)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.AbsolutePath != "/")
            {
                throw Invalid("ORCH_CORS_ORIGINS", $"a comma list of origins such as http://localhost:5173 (got '{Shorten(origin)}')");
            }
        }

        return list;
    }

    /// <summary>
    /// ORCH_PUBLIC_URL, or the listen address (a wildcard host becomes 127.0.0.1, the address a local client dials).
    /// Only scheme, host, port and an optional path prefix: a query or fragment would corrupt every operation URL.
    /// </summary>
    private static string PublicUrl(string? raw, string host, int port)
    {
        if (raw is null)
        {
            var dial = host is "0.0.0.0" or "::" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                ? "127.0.0.1"
                : host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
            return $"http://{dial}:{port.ToString(CultureInfo.InvariantCulture)}";
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Invalid("ORCH_PUBLIC_URL", $"an http or https base URL such as https://orch.example.com (got '{Shorten(raw)}')");
        }

        return raw.TrimEnd('/');
    }

    // Never echo a long value back: it might be a token pasted into the wrong variable.
    private static string Shorten(string raw) => raw.Length <= 24 ? raw : raw[..12] + "…";
}
