using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// A whole file read into a buffer rented from the shared pool (returned on dispose), so reading thousands of
/// files for a search allocates almost nothing.
/// </summary>
public sealed class PooledBytes : IDisposable
{
    private byte[]? _buffer;

    private PooledBytes(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, Length);

    /// <summary>
    /// Reads the whole file, or returns null when it holds more than <paramref name="maxBytes"/> (checked while
    /// reading, so a growing file is caught too). <paramref name="knownLength"/> (from the open) saves an fstat.
    /// </summary>
    public static PooledBytes? Read(SafeFileHandle handle, long maxBytes, long knownLength = -1)
    {
        ArgumentNullException.ThrowIfNull(handle);
        maxBytes = Math.Min(maxBytes, Array.MaxLength - 1);
        var length = knownLength >= 0 ? knownLength : RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, maxBytes) + 1);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    buffer = Grow(buffer, total, maxBytes);
                }

                var wanted = buffer.Length - total;
                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                total += read;
                if (read == 0 || (read < wanted && total >= length))
                {
                    break; // end of file: a short read once the length seen at open is reached saves one more read
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (total > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new PooledBytes(buffer, total);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int used, long maxBytes)
    {
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
