using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Forms found missed in recall round 36b (<see cref="Corpus.Round36bSamples"/>): a secret name after one provider or
/// qualifier word with a blank before a generated value (<c>bugsnag secret …</c>, the form of scanners' keyword rules and
/// their tests), a call whose first argument names the setting and whose default argument holds it (argparse,
/// .NET's <c>ConfigurationProperty</c>), and C#'s setter keyword <c>value</c>, which is no secret. Each row is redacted on
/// the whole text by the engine and by the served path, and in every one-line window; the negatives stay as they are.
/// </summary>
public sealed class RecallRound36bTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    private static string Pw => Password;

    private static string Uuid => $"{Random(8, Hex, 71)}-{Random(4, Hex, 72)}-{Random(4, Hex, 73)}-{Random(4, Hex, 74)}-{Random(12, Hex, 75)}";

    private static string Run => Random(24, Alnum, 76);

    private const string Hex = "0123456789abcdef";

    public static TheoryData<string, string, string> Forms() => new()
    {
        { "provider secret <uuid>", $"bugsnag secret {Uuid}\n", Uuid },
        { "provider private-key <uuid>", $"bugsnag private-key {Uuid}\n", Uuid },
        { "provider API_TOKEN <run>", $"acme API_TOKEN {Run}\n", Run },
        { "argparse default=", $"parser.add_argument(\"--api-key\", default=\"{Pw}\", help=\"the key\")\n", Pw },
        { "ConfigurationProperty DefaultValue", $"[ConfigurationProperty(\"apiKey\", DefaultValue = \"{Run}\")]\npublic string ApiKey {{ get; set; }}\n", Run },
        { "CommandLineParser Option Default", $"[Option(\"password\", Default = \"{Pw}\")]\n", Pw },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_IsRedacted(string kind, string text, string secret) => RecallRound35Tests.AssertRedacted(kind, text, secret);

    [Theory]
    [InlineData("Reset password successfully\n")] // prose: a word
    [InlineData("Your password expired2024\n")] // after a word, a value must be a generated run
    [InlineData("rotate token v1.2.3-beta\n")] // a version
    [InlineData("acme secret ${ACME_SECRET}\n")] // a reference
    [InlineData("parser.add_argument(\"--api-key\", default=os.environ.get(\"API_KEY\"))\n")] // code, not a literal
    [InlineData("parser.add_argument(\"--token\", help=\"the token\", default=None)\n")]
    [InlineData("set { this[\"apiKey\"] = value; }\n")] // C#'s setter keyword
    public void LooksLikeTheFormButHoldsNoSecret_IsServedUnchanged(string text)
    {
        Assert.Equal(text, RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }
}
