using System.Text;
using RepoOrchestrator.Files;

namespace RepoOrchestrator.Tests.Files;

public sealed class TextLinesTests
{
    [Fact]
    public void Skip_AnyLineCountOfManyFileShapes_AgreesWithALineByLineWalk()
    {
        var random = new Random(1234);
        foreach (var lineCount in new[] { 0, 1, 7, 300, 2_000 })
        {
            foreach (var finalNewline in new[] { true, false })
            {
                var builder = new StringBuilder();
                for (var i = 0; i < lineCount; i++)
                {
                    builder.Append('x', random.Next(0, random.Next(2) == 0 ? 10 : 9_000)); // short lines and lines longer than a block
                    if (i < lineCount - 1 || finalNewline)
                    {
                        builder.Append('\n');
                    }
                }

                var bytes = Encoding.UTF8.GetBytes(builder.ToString());
                foreach (var skip in new[] { 0, 1, 2, lineCount / 2, lineCount - 1, lineCount, lineCount + 5 }.Where(n => n >= 0))
                {
                    Assert.Equal(Naive(bytes, skip), TextLines.Skip(bytes, skip));
                }
            }
        }
    }

    [Fact]
    public void Count_FinalNewlineStartsNoLine() =>
        Assert.Equal((2, 2, 0), (TextLines.Count("a\nb\n"u8), TextLines.Count("a\nb"u8), TextLines.Count(""u8)));

    private static int Naive(ReadOnlySpan<byte> content, int lines)
    {
        var offset = 0;
        for (var i = 0; i < lines; i++)
        {
            var newline = content[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return content.Length;
            }

            offset += newline + 1;
        }

        return offset;
    }
}
