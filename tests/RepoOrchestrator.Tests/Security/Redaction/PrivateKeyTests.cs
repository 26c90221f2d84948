using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class PrivateKeyTests
{
    private const string Marker = ITextRedactor.Marker;
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    public static TheoryData<string> Labels() =>
    [
        "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
        "PRIVATE KEY", "PGP PRIVATE KEY BLOCK",
    ];

    [Theory]
    [MemberData(nameof(Labels))]
    public void Redact_PemBlock_IsReplacedWholeAndSurroundingsKept(string label)
    {
        var block = PemBlock(label);
        var text = $"# deployment key, do not share\n{block}\nnext_setting = 42\n";

        var redacted = Engine.Redact(text);

        Assert.Equal($"# deployment key, do not share\n{Marker}\nnext_setting = 42\n", redacted);
    }

    [Fact]
    public void Redact_EncryptedPemWithHeaders_IsReplacedWhole()
    {
        var body = string.Join("\n", PemBodyLines(PemBlock("X", 34)));
        var text = $"before\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{Random(32, Hex, 35).ToUpperInvariant()}\n\n{body}\n-----END RSA PRIVATE KEY-----\nafter";

        Assert.Equal($"before\n{Marker}\nafter", Engine.Redact(text));
    }

    [Fact]
    public void Redact_CrLfPemBlock_IsReplacedWhole()
    {
        var text = "a\r\n" + PemBlock("OPENSSH PRIVATE KEY", newline: "\r\n") + "\r\nb";

        Assert.Equal($"a\r\n{Marker}\r\nb", Engine.Redact(text));
    }

    [Fact]
    public void Redact_PemInJsonString_IsReplacedWhole()
    {
        var pem = PemBlock("PRIVATE KEY", 36, newline: "\\n");

        // Under a neutral name only the block goes; under a secret name the whole value goes.
        Assert.Equal($"{{\"pem\": \"{Marker}\\n\", \"client_email\": \"svc@example.iam\"}}", Engine.Redact($"{{\"pem\": \"{pem}\\n\", \"client_email\": \"svc@example.iam\"}}"));
        Assert.Equal($"{{\"private_key\": \"{Marker}\"}}", Engine.Redact($"{{\"private_key\": \"{pem}\\n\"}}"));
    }

    [Fact]
    public void Redact_BeginWithoutEnd_RedactsToTheEnd()
    {
        var block = PemBlock("EC PRIVATE KEY", 37);
        var cut = block[..block.IndexOf("-----END", StringComparison.Ordinal)];

        Assert.Equal($"key:\n{Marker}", Engine.Redact("key:\n" + cut));
    }

    [Fact]
    public void Redact_EndWithoutBegin_RedactsTheBodyBeforeIt()
    {
        var block = PemBlock("RSA PRIVATE KEY", 38);
        var tail = string.Join("\n", block.Split('\n').Skip(10)); // a slice that starts inside the block

        var redacted = Engine.Redact(tail + "\nafter = 1");

        Assert.Equal($"{Marker}\nafter = 1", redacted);
    }

    [Fact]
    public void Redact_PemLineByLine_NoBodyLineSurvives()
    {
        var block = PemBlock("RSA PRIVATE KEY", 39);
        var lines = block.Split('\n');
        var tracker = new PrivateKeyLineTracker();

        var output = lines.Select(line => tracker.IsSecretLine(line) ? Marker : Engine.Redact(line)).ToList();

        Assert.All(output, line => Assert.Equal(Marker, line));
        // Even without the tracker, every full 64-character body line is caught on its own by the entropy rule.
        Assert.All(lines.Where(l => l.Length == 64), line => Assert.Equal(Marker, Engine.Redact(line)));
        Assert.Equal(Marker, Engine.Redact(lines[0]));
        Assert.Equal(Marker, Engine.Redact(lines[^1]));
    }

    [Fact]
    public void Tracker_FileWithKey_FlagsExactlyTheBlockLines()
    {
        var block = PemBlock("PRIVATE KEY", 40).Split('\n');
        string[] file =
        [
            "server:", "  port: 443", .. block, "  name: web",
            "const string Header = \"-----BEGIN RSA PRIVATE KEY-----\";", "const string Footer = \"-----END RSA PRIVATE KEY-----\";",
        ];
        var tracker = new PrivateKeyLineTracker();

        var flagged = file.Select(line => tracker.IsSecretLine(line)).ToList();

        Assert.Equal([false, false, .. block.Select(_ => true), false, false, false], flagged);
        Assert.False(tracker.InsideBlock);
    }

    [Fact]
    public void Tracker_UnterminatedBlock_StaysInsideToTheEnd()
    {
        var tracker = new PrivateKeyLineTracker();

        Assert.True(tracker.IsSecretLine("-----BEGIN OPENSSH PRIVATE KEY-----"));
        Assert.True(tracker.IsSecretLine("ordinary looking line"));
        Assert.True(tracker.InsideBlock);
    }

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", PemMarker.Begin)]
    [InlineData("    -----BEGIN ENCRYPTED PRIVATE KEY-----  ", PemMarker.Begin)]
    [InlineData("key = \"\"\"-----BEGIN EC PRIVATE KEY-----", PemMarker.Begin)]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----", PemMarker.Begin)]
    [InlineData("-----END OPENSSH PRIVATE KEY-----", PemMarker.End)]
    [InlineData("\"k\": \"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n\"", PemMarker.BeginAndEnd)]
    [InlineData("const string Header = \"-----BEGIN RSA PRIVATE KEY-----\";", PemMarker.None)]
    [InlineData("-----BEGIN CERTIFICATE-----", PemMarker.None)]
    [InlineData("-----BEGIN PUBLIC KEY-----", PemMarker.None)]
    [InlineData("just text", PemMarker.None)]
    public void Classify_Line_ReturnsMarker(string line, PemMarker expected)
    {
        Assert.Equal(expected, PrivateKeyPem.Classify(line));
        Assert.Equal(expected != PemMarker.None, PrivateKeyPem.IsMarkerLine(line));
    }
}
