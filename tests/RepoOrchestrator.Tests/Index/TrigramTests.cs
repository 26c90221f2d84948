using System.Text;
using RepoOrchestrator.Index;

namespace RepoOrchestrator.Tests.Index;

/// <summary>The encoding contract with the index: only 'A'..'Z' fold, three bytes packed high to low, every window.</summary>
public sealed class TrigramTests
{
    [Fact]
    public void Fold_ChangesOnlyAsciiUpperCase()
    {
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(b is >= 'A' and <= 'Z' ? b + 32 : b, Trigram.Fold((byte)b));
        }
    }

    [Fact]
    public void Of_PacksFoldedBytesHighToLow() =>
        Assert.Equal(0x61_C3_7Au, Trigram.Of((byte)'A', 0xC3, (byte)'z'));

    [Fact]
    public void Extractor_TakesEveryWindowAcrossLineBreaks()
    {
        var extractor = new TrigramExtractor();
        var grams = extractor.Extract(Encoding.UTF8.GetBytes("Ab\ncD"));
        Assert.Equal(
            new[] { Trigram.Of((byte)'a', (byte)'b', (byte)'\n'), Trigram.Of((byte)'b', (byte)'\n', (byte)'c'), Trigram.Of((byte)'\n', (byte)'c', (byte)'d') }.Order(),
            grams.Order());

        Assert.Empty(extractor.Extract("ab"u8));
    }
}
