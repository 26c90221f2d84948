using Microsoft.Data.Sqlite;
using RepoOrchestrator.Errors;
using RepoOrchestrator.State;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Named tokens in the state store (`repo-orchestrator token create|list|revoke`): each kept as the SHA-256 of the
/// token only, with a role, a repository scope, an optional expiry and rate limit, and when it was created and last
/// used. The running service keeps them in memory and re-reads them whenever the store changed (SQLite's
/// data_version, a few microseconds per request), so a token created or revoked from the command line counts from
/// the next request. "Last used" is written at most once a minute per token. An approved OAuth client is a row of
/// the same table whose hash belongs to no token anyone holds: its access tokens are accepted only while the row lives
/// (<see cref="IdentifyClient"/>), so `token revoke` and expiry work the same for both.
/// </summary>
public sealed class NamedTokenStore(StateStore state, TimeProvider time)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private (long Version, Dictionary<string, Entry> ByHash)? _cache;

    /// <summary>Creates a token and returns it: the one time it is ever shown. 409 when the name is taken.</summary>
    public Outcome<string> Create(string name, OrchestratorRole role, RepositoryScope repositories, DateTimeOffset? expiresAt, int? ratePerMinute, ToolScope? tools = null) =>
        Insert(name, role, repositories, expiresAt, ratePerMinute, tools, oauthClient: null);

    /// <summary>
    /// Records the operator's approval of an OAuth client under <paramref name="name"/>, replacing an expired approval
    /// of the same client. 409 when the name is taken or the client has a live approval (revoke it first).
    /// </summary>
    public Outcome<string> Approve(string name, string clientId, OrchestratorRole role, RepositoryScope repositories, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        if (IdentifyClient(clientId) is not null)
        {
            return Problem.Conflict("This OAuth client is approved already; 'repo-orchestrator token revoke <name>' withdraws an approval.");
        }

        state.Write((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DELETE FROM tokens WHERE oauth_client = $client AND expires_ms IS NOT NULL AND expires_ms <= $now";
            cmd.Parameters.AddWithValue("$client", clientId);
            cmd.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
            return cmd.ExecuteNonQuery();
        });
        var approved = Insert(name, role, repositories, expiresAt, null, null, clientId);
        return approved.Succeeded ? name : approved.Problem!;
    }

    private Outcome<string> Insert(string name, OrchestratorRole role, RepositoryScope repositories, DateTimeOffset? expiresAt, int? ratePerMinute, ToolScope? tools, string? oauthClient)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        if (NamedToken.NameRefusal(name) is { } refusal)
        {
            return Problem.BadRequest(refusal);
        }

        // SECURITY: an OAuth approval stores the hash of a secret that is dropped here, so no bearer token can match it.
        var token = TokenFile.NewToken();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var created = state.Write((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO tokens(name, hash, role, repos, expires_ms, rate_per_minute, created_ms, tools, oauth_client)
                VALUES($name, $hash, $role, $repos, $expires, $rate, $now, $tools, $client) ON CONFLICT DO NOTHING
                """;
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$hash", TokenFingerprint.HexHash(token)); // SECURITY: the hash only, never the token
            cmd.Parameters.AddWithValue("$role", role.ToString());
            cmd.Parameters.AddWithValue("$repos", repositories.ToString() is "*" ? "" : repositories.ToString());
            cmd.Parameters.AddWithValue("$expires", (object?)expiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$rate", (object?)ratePerMinute ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.Parameters.AddWithValue("$tools", tools is null || tools.IsAll ? "" : tools.ToString());
            cmd.Parameters.AddWithValue("$client", (object?)oauthClient ?? DBNull.Value);
            return cmd.ExecuteNonQuery() == 1;
        });
        return created ? token : Problem.Conflict($"A token named '{name}' exists; revoke it first or choose another name.");
    }

    /// <summary>Deletes the token; false when there is none of that name.</summary>
    public bool Revoke(string name) => state.Write((c, tx) =>
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM tokens WHERE name = $name";
        cmd.Parameters.AddWithValue("$name", name);
        return cmd.ExecuteNonQuery() == 1;
    });

    public IReadOnlyList<NamedToken> List() => [.. Load().Values.Select(e => e.Token).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The identity of a presented token's SHA-256 (hex), or null when no live named token has it.</summary>
    public TokenIdentity? Identify(string hexHash) =>
        Load().TryGetValue(hexHash, out var entry) && entry.Token.OAuthClient is null ? Live(entry) : null;

    /// <summary>The identity an approved OAuth client acts with, or null when it has no live (unexpired) approval.</summary>
    public TokenIdentity? IdentifyClient(string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var entry = Load().Values.FirstOrDefault(e => string.Equals(e.Token.OAuthClient, clientId, StringComparison.Ordinal));
        return entry is null ? null : Live(entry);
    }

    private TokenIdentity? Live(Entry entry)
    {

        var now = time.GetUtcNow();
        if (entry.Token.IsExpired(now))
        {
            return null; // SECURITY: an expired token is no token
        }

        TouchIfDue(entry, now);
        return entry.Identity;
    }

    private void TouchIfDue(Entry entry, DateTimeOffset now)
    {
        lock (entry)
        {
            if (entry.Touched is { } last && now - last < LastUsedResolution)
            {
                return;
            }

            entry.Touched = now;
        }

        try
        {
            state.Write((c, tx) =>
            {
                using var cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE tokens SET last_used_ms = $now WHERE name = $name";
                cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$name", entry.Token.Name);
                cmd.ExecuteNonQuery();
            });
        }
        catch (StorageFaultException)
        {
            // "Last used" is a record, not a check: a full disk must not turn a valid token's read into a refusal.
            // The store's health (/health) reports the fault; the next request past the minute tries again.
        }
    }

    private Dictionary<string, Entry> Load()
    {
        var version = state.DataVersion();
        lock (_gate)
        {
            if (_cache is { } cached && cached.Version == version)
            {
                return cached.ByHash;
            }
        }

        var fresh = state.Read(ReadAll);
        lock (_gate)
        {
            // Keep the minute-granular "touched" marks across reloads, so a reload does not cause a write per request.
            if (_cache is { } old)
            {
                foreach (var (hash, entry) in fresh)
                {
                    if (old.ByHash.TryGetValue(hash, out var previous))
                    {
                        entry.Touched = previous.Touched;
                    }
                }
            }

            _cache = (version, fresh);
            return fresh;
        }
    }

    private static Dictionary<string, Entry> ReadAll(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, hash, role, repos, expires_ms, rate_per_minute, created_ms, last_used_ms, tools, oauth_client FROM tokens";
        using var reader = cmd.ExecuteReader();
        var byHash = new Dictionary<string, Entry>(StringComparer.Ordinal);
        while (reader.Read())
        {
            // SECURITY: a row this version cannot read (a role or scope it does not know) grants nothing.
            if (!Enum.TryParse<OrchestratorRole>(reader.GetString(2), out var role)
                || RepositoryScope.Parse(reader.GetString(3), out _) is not { } scope)
            {
                continue;
            }

            var token = new NamedToken(
                reader.GetString(0), role, scope, Time(reader, 4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                Time(reader, 6) ?? DateTimeOffset.UnixEpoch, Time(reader, 7))
            {
                Tools = ToolScope.FromStored(reader.GetString(8)),
                OAuthClient = reader.IsDBNull(9) ? null : reader.GetString(9),
            };
            var hash = reader.GetString(1);
            // An approval's stored value is the hash of a secret dropped at once: random, and new with every approval.
            var approval = token.OAuthClient is null ? null : hash[..Math.Min(32, hash.Length)];
            byHash[hash] = new Entry(token, new TokenIdentity(token.Name, role, scope, token.RatePerMinute) { Tools = token.Tools, Approval = approval });
        }

        return byHash;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private sealed class Entry(NamedToken token, TokenIdentity identity)
    {
        public NamedToken Token { get; } = token;

        public TokenIdentity Identity { get; } = identity;

        public DateTimeOffset? Touched { get; set; }
    }
}
