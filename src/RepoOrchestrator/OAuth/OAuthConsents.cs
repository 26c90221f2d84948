using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// Authorization requests waiting for the operator: each under an unguessable one-time id, for ten minutes, at most
/// <see cref="Capacity"/> at once (the oldest is dropped), held in memory only (a restart asks again).
/// </summary>
public sealed class OAuthConsents(TimeProvider time)
{
    public const int Capacity = 64;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingConsent> _pending = new(StringComparer.Ordinal);

    public string Add(PendingConsent consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        Prune();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // SECURITY: 128 random bits bind the decision to this request
        _pending[id] = consent with { CreatedAt = time.GetUtcNow() };
        return id;
    }

    /// <summary>The live request under <paramref name="id"/>, or null.</summary>
    public PendingConsent? Find(string? id) =>
        id is not null && _pending.TryGetValue(id, out var consent) && time.GetUtcNow() - consent.CreatedAt < Lifetime ? consent : null;

    /// <summary>Records the operator's decision once: false when the request is gone or already decided.</summary>
    public bool Decide(string id, bool approved)
    {
        if (Find(id) is not { Decision: null } consent)
        {
            return false;
        }

        return _pending.TryUpdate(id, consent with { Decision = approved }, consent);
    }

    /// <summary>
    /// Removes and returns the decided request under <paramref name="id"/> when it is this very request (same client,
    /// same parameters): one use. Another request carrying the id gets null and leaves the decision where it was.
    /// </summary>
    public PendingConsent? TakeDecided(string? id, string clientId, string query)
    {
        if (Find(id) is not { Decision: not null } consent
            || !string.Equals(consent.ClientId, clientId, StringComparison.Ordinal)
            || !string.Equals(consent.Query, query, StringComparison.Ordinal))
        {
            return null;
        }

        return _pending.TryRemove(new KeyValuePair<string, PendingConsent>(id!, consent)) ? consent : null;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (id, consent) in _pending)
        {
            if (now - consent.CreatedAt >= Lifetime)
            {
                _pending.TryRemove(id, out _);
            }
        }

        while (_pending.Count >= Capacity && _pending.MinBy(p => p.Value.CreatedAt) is { Key: { } oldest })
        {
            _pending.TryRemove(oldest, out _);
        }
    }
}
