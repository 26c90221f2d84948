using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class RedactionEngineTests
{
    private const string Marker = ITextRedactor.Marker;
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    [Fact]
    public void Redact_EmptyText_ReturnsSameInstance()
    {
        var empty = string.Empty;
        Assert.Same(empty, Engine.Redact(empty));
    }

    [Fact]
    public void Redact_UrlPassword_KeepsSchemeUserAndHost()
    {
        Assert.Equal(
            $"postgres://app:{Marker}@db.internal:5432/app?sslmode=require",
            Engine.Redact($"postgres://app:{Password}@db.internal:5432/app?sslmode=require"));
    }

    [Theory]
    [InlineData("password = \"{0}\"", "password = \"[REDACTED]\"")]
    [InlineData("db:\n  password: {0}\n", "db:\n  password: [REDACTED]\n")]
    [InlineData("export DB_PASSWORD={0} && ./migrate", "export DB_PASSWORD=[REDACTED] && ./migrate")]
    [InlineData("<add key=\"x\" /><password>{0}</password>", "<add key=\"x\" /><password>[REDACTED]</password>")]
    public void Redact_Assignment_KeepsNameOperatorAndQuotes(string template, string expected)
    {
        Assert.Equal(expected, Engine.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Password)));
    }

    [Fact]
    public void Redact_OverlappingFindings_MergeIntoOneMarker()
    {
        // github-token and secret-assignment both match the value; the reader sees one marker.
        Assert.Equal($"GITHUB_TOKEN=\"{Marker}\"", Engine.Redact($"GITHUB_TOKEN=\"{GitHub("ghp", 1)}\""));
    }

    [Fact]
    public void Redact_SeveralSecrets_AllGoneAndTextBetweenKept()
    {
        var text = $"a={AwsKeyId("AKIA")} b {GoogleKey} c {Jwt} d";

        Assert.Equal($"a={Marker} b {Marker} c {Marker} d", Engine.Redact(text));
    }

    [Theory]
    [MemberData(nameof(BuiltInRuleTests.TruePositives), MemberType = typeof(BuiltInRuleTests))]
    public void Redact_Twice_IsStable(string ruleId, string syntax, string text, string secret)
    {
        var once = Engine.Redact(text);

        Assert.Equal(once, Engine.Redact(once));
        Assert.DoesNotContain(secret, once, StringComparison.Ordinal);
        Assert.NotEmpty(ruleId + syntax);
    }

    [Fact]
    public void Redact_RuleTimesOut_WithholdsTheWholeText()
    {
        var slow = new Regex(@"^(\w+\s?)*$", RegexOptions.None, TimeSpan.FromMilliseconds(20));
        var engine = new RedactionEngine([new RegexRedactionRule("slow", ["word"], slow)], [], NullLogger.Instance);
        var text = "word " + string.Concat(Enumerable.Repeat("abcdefgh ", 40)) + "!";

        Assert.Equal(Marker, engine.Redact(text));
    }

    [Fact]
    public async Task Redact_ConcurrentCalls_AgreeWithSequentialResults()
    {
        var texts = BuiltInRuleTests.TruePositives().Select(row => (string)row[2])
            .Concat(FalsePositiveTests.Survivors().Select(row => (string)row[1]))
            .ToArray();
        var expected = texts.Select(Engine.Redact).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => texts.Select(Engine.Redact).ToArray())));

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Redact_KeywordMissing_RuleDoesNotRun()
    {
        var counting = new CountingRule();
        var engine = new RedactionEngine([counting], [], NullLogger.Instance);

        engine.Redact("nothing to see here");
        engine.Redact("a SeCrEtWoRd appears");

        Assert.Equal(1, counting.Calls); // the gate is case-insensitive and skips the clean text
    }

    private sealed class CountingRule() : RedactionRule("counting", ["secretword"])
    {
        public int Calls { get; private set; }

        public override void Find(string text, ref SecretSink sink) => Calls++;
    }
}
