using System.Security.Cryptography;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Knows the admin and actions tokens as SHA-256 hashes only and answers who a presented token is: one of those two
/// built-in tokens, or a named token of the <see cref="NamedTokenStore"/>.
/// Precedence per token: environment value, else the token file, else a new random token written to the file.
/// File tokens are re-read when the file changes, so `repo-orchestrator token rotate` takes effect in a
/// running service without a restart.
/// </summary>
public sealed class TokenStore
{
    public const int MinimumTokenLength = 16;

    private readonly TokenSource _admin;
    private readonly TokenSource _actions;

    private readonly NamedTokenStore? _named;

    public TokenStore(TokenSettings tokens, NamedTokenStore? named = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _named = named;
        _admin = new TokenSource(tokens.Token, tokens.TokenFile, "ORCH_TOKEN");
        _actions = new TokenSource(tokens.ActionsToken, tokens.ActionsTokenFile, "ORCH_ACTIONS_TOKEN");
    }

    /// <summary>Where the admin token can be found, for the start-up message (never the token itself).</summary>
    public string AdminTokenLocation => _admin.Location;

    public string ActionsTokenLocation => _actions.Location;

    /// <summary>Who a presented token is, or null when it is unknown, expired or too short.</summary>
    public TokenIdentity? Identify(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (presented.Length < MinimumTokenLength)
        {
            return null;
        }

        var hash = TokenFingerprint.Hash(presented);
        // SECURITY: constant-time comparison against both hashes, always both, so timing reveals nothing.
        var isAdmin = CryptographicOperations.FixedTimeEquals(hash, _admin.CurrentHash());
        var isActions = CryptographicOperations.FixedTimeEquals(hash, _actions.CurrentHash());
        if (isAdmin || isActions)
        {
            return TokenIdentity.BuiltIn(isAdmin ? OrchestratorRole.Admin : OrchestratorRole.Actions);
        }

        // A named token is looked up by its SHA-256: the lookup's timing depends on the hash, never on the token.
        return _named?.Identify(Convert.ToHexStringLower(hash));
    }

    /// <summary>One token: a fixed environment value, or a file watched by its timestamp and size.</summary>
    private sealed class TokenSource
    {
        private readonly string? _envToken;
        private readonly string _file;
        private readonly Lock _gate = new();
        private byte[] _hash;
        private (DateTime Written, long Length) _seen;

        public TokenSource(string? envToken, string file, string variable)
        {
            _envToken = envToken;
            _file = file;
            if (envToken is not null)
            {
                _hash = TokenFingerprint.Hash(envToken);
                Location = $"the {variable} environment variable";
            }
            else
            {
                _hash = TokenFingerprint.Hash(TokenFile.ReadOrCreate(file));
                _seen = Stamp();
                Location = file;
            }
        }

        public string Location { get; }

        public byte[] CurrentHash()
        {
            if (_envToken is not null)
            {
                return _hash;
            }

            var stamp = Stamp();
            if (stamp != _seen)
            {
                lock (_gate)
                {
                    var token = TokenFile.Read(_file);
                    // SECURITY: a deleted or emptied token file accepts nothing rather than an old token forever.
                    _hash = token is null ? RandomNumberGenerator.GetBytes(32) : TokenFingerprint.Hash(token);
                    _seen = stamp;
                }
            }

            return _hash;
        }

        private (DateTime, long) Stamp()
        {
            var info = new FileInfo(_file);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }
    }
}
