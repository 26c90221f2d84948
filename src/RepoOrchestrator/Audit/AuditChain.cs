using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The hash chain of SPEC 12: each line ends with `| CHAIN:&lt;sha256(previous chain + line)&gt;` where "line"
/// is everything before the CHAIN field. The first line ever written chains from <see cref="Genesis"/>.
/// </summary>
public static class AuditChain
{
    public const string FieldPrefix = " | CHAIN:";
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string previousChain, string lineWithoutChain)
    {
        ArgumentNullException.ThrowIfNull(previousChain);
        ArgumentNullException.ThrowIfNull(lineWithoutChain);

        // sha256(UTF-8 of previous + line), encoded into one pooled buffer instead of a concatenated string and its bytes.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(previousChain.Length + lineWithoutChain.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(previousChain, buffer);
            length += Encoding.UTF8.GetBytes(lineWithoutChain, buffer.AsSpan(length));
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Splits a stored line into its body and chain value; false when it has no CHAIN field.</summary>
    public static bool TrySplit(string line, out string body, out string chain)
    {
        ArgumentNullException.ThrowIfNull(line);
        var at = line.LastIndexOf(FieldPrefix, StringComparison.Ordinal);
        if (at < 0 || line.Length - at - FieldPrefix.Length != 64)
        {
            body = line;
            chain = "";
            return false;
        }

        body = line[..at];
        chain = line[(at + FieldPrefix.Length)..];
        return true;
    }
}
