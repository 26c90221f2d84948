using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Forms found served in stop 36: Gradle's signing settings written as method calls without parentheses
/// (<c>storePassword "…"</c>), and Rails' <c>secret_key_base</c>. Each row is redacted on the whole text by the engine and by
/// the served path (<see cref="RevealingRedaction"/>), and in every one-line window; the negatives stay as they are.
/// </summary>
public sealed class RecallRound36Tests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    private static string Pw => Password;

    private static string Hex128 => Random(128, "0123456789abcdef", 61);

    public static TheoryData<string, string, string> Forms() => new()
    {
        { "Gradle storePassword \"…\" on its line", $"android {{\n  signingConfigs {{\n    release {{\n        storeFile file(\"release.jks\")\n        storePassword \"{Pw}\"\n        keyAlias \"upload\"\n    }}\n  }}\n}}\n", Pw },
        { "Gradle keyPassword '…' (single quotes)", $"        keyPassword '{Pw}'\n", Pw },
        { "Rails secret_key_base: hex", $"production:\n  secret_key_base: {Hex128}\n", Hex128 },
        { "SECRET_KEY_BASE=hex", $"SECRET_KEY_BASE={Hex128}\n", Hex128 },
        { "secretKeyBase = \"…\"", $"config.secretKeyBase = \"{Pw}\"\n", Pw },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_IsRedacted(string kind, string text, string secret) => RecallRound35Tests.AssertRedacted(kind, text, secret);

    [Theory]
    [InlineData("password \"Enter your password\"\n")] // prose in quotes
    [InlineData("token \"Bearer\"\n")] // a word
    [InlineData("password \"${DB_PASSWORD}\"\n")] // a reference
    [InlineData("    keyAlias \"upload\"\n")]
    [InlineData("  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n")]
    [InlineData("TOKEN_BASE_URL=https://auth.example.com/v2\n")]
    public void LooksLikeTheFormButHoldsNoSecret_IsServedUnchanged(string text)
    {
        Assert.Equal(text, RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }
}
