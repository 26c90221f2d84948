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

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(4097)]
    [InlineData(4098)]
    [InlineData(4099)]
    [InlineData(8195)]
    [InlineData(20_000)]
    public void Extractor_FindsExactlyEveryWindowOfAnyBytes_AcrossBlocksAndCalls(int length)
    {
        // Every byte value (letters of both cases, 0x80..0xFF, NUL) at lengths around the extractor's 4 KiB blocks; the
        // same extractor used twice must forget the first content's trigrams.
        var random = new Random(length);
        var extractor = new TrigramExtractor();
        for (var round = 0; round < 3; round++)
        {
            var content = new byte[length];
            random.NextBytes(content);
            if (round == 1)
            {
                for (var i = 0; i < content.Length; i++)
                {
                    content[i] = (byte)"aBcDeF\n\u00e9"[content[i] % 8]; // few distinct trigrams, many repeats
                }
            }

            var expected = new HashSet<uint>();
            for (var i = 2; i < content.Length; i++)
            {
                expected.Add(Trigram.Of(content[i - 2], content[i - 1], content[i]));
            }

            var found = extractor.Distinct(content).ToArray();
            Assert.Equal(expected.Count, found.Length);
            Assert.Equal(expected.Order(), found.Order());
        }
    }
}
