using System.Security.Cryptography;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// SHA-256 of a failed request's body, for the PANIC event and audit line. Bodies that reached an endpoint
/// were buffered by <see cref="RequestBodyBufferingMiddleware"/> and are re-read from the start; a body that
/// is not seekable was never read (the failure came earlier), so it is read now. At most
/// <see cref="MaxHashedBytes"/> are hashed (a larger body is represented by its first MiB) and the read is
/// bounded by <see cref="ReadTimeout"/>, so a slow or hostile client cannot hold the failure path.
/// </summary>
internal static class RequestBodyHash
{
    public const int MaxHashedBytes = 1024 * 1024;
    public const string Unavailable = "unavailable";
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken requestAborted)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var body = request.Body;
            if (body.CanSeek)
            {
                body.Seek(0, SeekOrigin.Begin);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
            timeout.CancelAfter(ReadTimeout);
            var buffer = new byte[16 * 1024];
            var total = 0;
            while (total < MaxHashedBytes)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, MaxHashedBytes - total)), timeout.Token);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or NotSupportedException or ObjectDisposedException or InvalidOperationException)
        {
            return Unavailable;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
