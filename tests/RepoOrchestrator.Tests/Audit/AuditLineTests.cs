using RepoOrchestrator.Audit;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>The line format: what is built parses back field for field, and no value can forge a line or a field.</summary>
public sealed class AuditLineTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, 123, TimeSpan.Zero);

    // Passed to the theories by index: a lone surrogate or a megabyte in a test's display name would break the reporting.
    private static readonly string[] Hostile =
    [
        "evil\n2026-05-01T12:00:00.000Z | INFO | OP:FAKE | PATH:x",
        "cr\r\nlf",
        "nul\0byte",
        "pipe | CHAIN:" + new string('0', 64),
        "lone high \uD83D here",
        "lone low \uDE00 here",
        "\uDE00\uD83D", // both halves, the wrong way round
        "ends with a high surrogate \uD83D",
        "bell\a del\u007f c1\u0085",
        new string('x', 1_000_000) + "\n" + new string('y', 1_000),
    ];

    public static TheoryData<int> HostileValues => [.. Enumerable.Range(0, Hostile.Length)];

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void OperationLine_HostileValue_RoundTripsAsOneWellFormedLine(int index)
    {
        var value = Hostile[index];
        var content = AuditLine.Content(At, "INFO", AuditLine.OperationBody("READ_SNAPSHOT", "admin:x", value, "1-2", "ff"));
        var chain = AuditChain.Compute(AuditChain.Genesis, content);
        var line = AuditLine.Chained(content, chain);

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain(line, c => char.IsControl(c));
        Assert.True(AuditLine.TryParse(line, out var parts));
        Assert.Equal(At, parts.Time);
        Assert.Equal("INFO", parts.Level);
        Assert.Equal(content, parts.Content);
        Assert.Equal(chain, parts.Chain);
        Assert.Equal(AuditLine.Clean(value), AuditLine.Field(parts.Body, "PATH"));
        Assert.Equal("READ_SNAPSHOT", AuditLine.Field(parts.Body, "OP"));
        Assert.Equal("admin:x", AuditLine.Field(parts.Body, "ACTOR")); // the value could not add or displace a field
        Assert.Equal(5, parts.Body.Split(AuditLine.Separator).Length);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Clean_HostileValue_IsValidUtf16ThatSurvivesUtf8Unchanged(int index)
    {
        var cleaned = AuditLine.Clean(Hostile[index]);

        // SECURITY: what is hashed into the chain is exactly what a reader decodes from the file.
        var bytes = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(cleaned);
        Assert.Equal(cleaned, System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Clean_ReplacesSeparatorsControlsAndLoneSurrogates_KeepsPairs()
    {
        Assert.Equal("a\\nb\\rc%7Cd?e", AuditLine.Clean("a\nb\rc|d\0e"));
        Assert.Equal("x\uFFFDy\uFFFD", AuditLine.Clean("x\uD83Dy\uDE00"));
        Assert.Equal("-", AuditLine.Clean(null));
        Assert.Equal("-", AuditLine.Clean(""));
    }

    [Theory]
    [InlineData("src/main.py")]
    [InlineData("emoji \U0001F600 and accents é")]
    public void Clean_CleanValue_IsReturnedAsIs(string value) =>
        Assert.Same(value, AuditLine.Clean(value)); // nothing to replace, nothing allocated

    [Fact]
    public void PanicLine_ParsesItsFields()
    {
        var content = AuditLine.Content(At, "CRITICAL", AuditLine.PanicBody("corr-1", "abcd", "Boom: x | y", "anonymous"));
        var line = AuditLine.Chained(content, AuditChain.Compute(AuditChain.Genesis, content));

        Assert.True(AuditLine.TryParse(line, out var parts));
        Assert.Equal("CRITICAL", parts.Level);
        Assert.StartsWith("PANIC | ID:corr-1 | ", parts.Body, StringComparison.Ordinal);
        Assert.Equal("Boom: x %7C y", AuditLine.Field(parts.Body, "REASON"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-05-01T12:00:00.000Z | INFO | OP:HALF")] // no chain: a half line
    [InlineData("not a time | INFO | OP:X | CHAIN:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("2026-05-01T12:00:00.000Z | INFO | OP:X | CHAIN:short")]
    public void TryParse_MalformedLine_IsFalse(string line) => Assert.False(AuditLine.TryParse(line, out _));

    [Fact]
    public void WriteTo_EncodesTheChainedLineWithItsLineEnd()
    {
        var content = AuditLine.Content(At, "INFO", AuditLine.OperationBody("X", "a", "\u00e9"));
        var chain = AuditChain.Compute(AuditChain.Genesis, content);
        using var stream = new MemoryStream();

        AuditLine.WriteTo(stream, content, chain);

        Assert.Equal(AuditLine.EncodedLength(content, chain), stream.Length);
        Assert.Equal(AuditLine.Chained(content, chain) + "\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
