using System.Collections.Concurrent;

namespace RepoOrchestrator.Files;

/// <summary>
/// Finished /file bodies of recent reads, keyed by the SHA-256 of the file's bytes (the snapshot id), the
/// requested range and the byte cap. Slicing, private-key masking, redaction, the byte cap and the body hash are pure functions of
/// those bytes and that range (the options and the redaction rules are fixed for the life of the process), so an
/// agent re-reading unchanged content skips all of them; changed content has another hash and is computed
/// afresh. Only bodies already redacted for serving are kept, as the UTF-8 bytes that are sent, within a fixed
/// budget of bytes: when the
/// budget is spent the cache starts over (no per-entry bookkeeping on the hot path).
/// </summary>
internal sealed class FileBodyCache
{
    /// <summary>2 MiB of bodies: small next to the process, large enough for an agent's working set.</summary>
    public const long BudgetBytes = 2 * 1024 * 1024;

    private readonly ConcurrentDictionary<Key, FileBody> _bodies = new();
    private long _bytes;

    public bool TryGet(string contentSha256, int start, int? requestedEnd, int maxBytes, out FileBody body) =>
        _bodies.TryGetValue(new Key(contentSha256, start, requestedEnd, maxBytes), out body!);

    public void Add(string contentSha256, int start, int? requestedEnd, int maxBytes, FileBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var size = body.Utf8.Length + body.Hash.Length;
        if (size > BudgetBytes / 8)
        {
            return; // one huge body would push out everything else for little gain
        }

        if (Interlocked.Add(ref _bytes, size) > BudgetBytes)
        {
            _bodies.Clear();
            Interlocked.Exchange(ref _bytes, size);
        }

        _bodies[new Key(contentSha256, start, requestedEnd, maxBytes)] = body;
    }

    private readonly record struct Key(string ContentSha256, int Start, int? RequestedEnd, int MaxBytes);
}

/// <summary>A finished body: its UTF-8 bytes (redacted, capped, marker included), whether it was truncated, the file's line count, the last line served and the SHA-256 of those bytes.</summary>
internal sealed record FileBody(byte[] Utf8, bool Truncated, int Total, int ServedEnd, string Hash, int HiddenCharacters = 0);
