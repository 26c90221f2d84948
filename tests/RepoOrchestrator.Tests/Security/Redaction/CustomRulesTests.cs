using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class CustomRulesTests : IDisposable
{
    private const string Marker = ITextRedactor.Marker;
    private readonly TempDirectory _dir = new("orch-rules");
    private static readonly string AcmeKey = "acme_" + Random(16, "abcdefghijklmnopqrstuvwxyz0123456789", 70);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Rule_IdRegexKeywords_RedactsMatchAndIsListed()
    {
        var engine = Load("""
            title = "team rules"
            [extend]
            useDefault = true

            [[rules]]
            id = "acme-api-key"
            description = "ACME API key"
            regex = '''acme_[a-z0-9]{16}'''
            keywords = ["acme_"]
            tags = ["key"]
            """);

        Assert.Equal($"deploy with {Marker} now", engine.Redact($"deploy with {AcmeKey} now"));
        Assert.Contains("acme-api-key", engine.RuleIds);
        Assert.Contains("github-token", engine.RuleIds); // built-ins stay
    }

    [Fact]
    public void Rule_Keywords_GateTheRegexCaseInsensitively()
    {
        var engine = Load("""
            [[rules]]
            id = "pin"
            regex = '''\b[0-9]{6}\b'''
            keywords = ["pin"]
            """);

        Assert.Equal("order 123456 shipped", engine.Redact("order 123456 shipped"));
        Assert.Equal($"PIN {Marker}", engine.Redact("PIN 123456"));
    }

    [Fact]
    public void Rule_SecretGroup_RedactsOnlyTheGroup()
    {
        var engine = Load("""
            [[rules]]
            id = "acme-pair"
            regex = '''(acme_id)\s*=\s*([a-z0-9]{16})'''
            secretGroup = 2
            keywords = ["acme_id"]
            """);

        Assert.Equal($"acme_id = {Marker}", engine.Redact("acme_id = " + Random(16, "abcdef0123456789", 71)));
    }

    [Fact]
    public void Rule_OneCaptureGroupWithoutSecretGroup_RedactsThatGroup()
    {
        var engine = Load("""
            [[rules]]
            id = "wrapped"
            regex = '''wrap\(([A-Za-z0-9]{12})\)'''
            """);

        Assert.Equal($"wrap({Marker})", engine.Redact($"wrap({Random(12, Alnum, 72)})"));
    }

    [Fact]
    public void Rule_GoNamedGroups_KeepGoNumbering()
    {
        var engine = Load("""
            [[rules]]
            id = "go-style"
            regex = '''(?P<prefix>zq_)(?P<body>[a-z0-9]{16})'''
            secretGroup = 2
            """);

        Assert.Equal($"zq_{Marker}", engine.Redact("zq_" + Random(16, "abcdefghijklmnopqrstuvwxyz0123456789", 73)));
    }

    [Fact]
    public void Rule_Entropy_SkipsLowEntropyMatches()
    {
        var engine = Load("""
            [[rules]]
            id = "zz"
            regex = '''zz_[A-Za-z0-9]{20}'''
            entropy = 3.5
            """);

        Assert.Equal("zz_aaaaaaaaaaaaaaaaaaaa", engine.Redact("zz_aaaaaaaaaaaaaaaaaaaa"));
        Assert.Equal(Marker, engine.Redact("zz_" + Random(20, Alnum, 74)));
    }

    [Fact]
    public void Rule_AllowlistRegexesAndStopwords_KeepListedMatches()
    {
        var engine = Load("""
            [[rules]]
            id = "acme-api-key"
            regex = '''acme_[a-z0-9]{16}'''
            [rules.allowlist]
            description = "test keys"
            regexes = ['''^acme_test''']
            stopwords = ["example"]
            paths = ['''tests/''']
            """);

        Assert.Equal("acme_test0123456789ab", engine.Redact("acme_test0123456789ab"));
        Assert.Equal("acme_example12345678", engine.Redact("acme_example12345678"));
        Assert.Equal(Marker, engine.Redact(AcmeKey));
    }

    [Fact]
    public void Rule_AllowlistsArrayWithLineTarget_KeepsMarkedLines()
    {
        var engine = Load("""
            [[rules]]
            id = "acme-api-key"
            regex = '''acme_[a-z0-9]{16}'''
            [[rules.allowlists]]
            regexTarget = "line"
            regexes = ['''#\s*fake''']
            [[rules.allowlists]]
            condition = "AND"
            paths = ['''fixtures/''']
            regexes = ['''.*''']
            """);

        Assert.Equal($"k = {AcmeKey}  # fake", engine.Redact($"k = {AcmeKey}  # fake"));
        Assert.Equal($"k = {Marker}\nj = 1 # fake", engine.Redact($"k = {AcmeKey}\nj = 1 # fake")); // other lines do not count
    }

    [Fact]
    public void GlobalAllowlist_AppliesToBuiltInRules()
    {
        var engine = Load("""
            [allowlist]
            description = "documentation samples"
            stopwords = ["hunter"]
            [[allowlists]]
            targetRules = ["github-token"]
            regexes = ['''^ghp_0{36}$''']
            """);

        Assert.Equal("password: hunter2", engine.Redact("password: hunter2"));
        Assert.Equal("t = ghp_" + new string('0', 36), engine.Redact("t = ghp_" + new string('0', 36)));
        Assert.Equal($"password: {Marker}", engine.Redact("password: s3cr3t-value"));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "[[rules]\nid = \"x\"", "is not valid TOML" },
        { "[[rules]]\nid = \"x\"\nregex = '''acme_[a-z'''", "rule 1 ('x') 'regex' does not compile" },
        { "[[rules]]\nregex = '''x'''", "rule 1 has no 'id'" },
        { "[[rules]]\nid = \"x\"", "rule 1 ('x') has no 'regex'" },
        { "[[rules]]\nid = \"x\"\nregex = '''(a)'''\nsecretGroup = 3", "'secretGroup' is 3 but the regex has 1 capture group(s)" },
        { "[[rules]]\nid = \"x\"\nregex = '''a'''\nkeywords = \"a\"", "'keywords' must be an array of strings" },
        { "[[rules]]\nid = \"x\"\nregex = '''a'''\nentropy = \"high\"", "'entropy' must be a number" },
        { "[[rules]]\nid = \"x\"\nregex = '''a'''\n[[rules]]\nid = \"x\"\nregex = '''b'''", "the id 'x' is used twice" },
        { "[[rules]]\nid = \"x\"\nregex = '''a'''\n[rules.allowlist]\nregexTarget = \"path\"\nregexes = ['''a''']", "'regexTarget' must be secret, match or line" },
        { "[allowlist]\nregexes = ['''(''']", "the global allowlist allowlist regex does not compile" },
        { "rules = \"none\"", "'rules' must be an array of tables" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_InvalidFile_ThrowsOneLineNamingTheVariable(string toml, string expected)
    {
        var path = _dir.WriteFile("rules.toml", toml);

        var ex = Assert.Throws<OptionsValidationException>(() => RedactionEngine.Create(path, NullLogger.Instance));

        Assert.StartsWith("ORCH_REDACTION_RULES is invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingTheVariable()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => RedactionEngine.Create(_dir.Combine("absent.toml"), NullLogger.Instance));

        Assert.StartsWith("ORCH_REDACTION_RULES is invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", ex.Message, StringComparison.Ordinal);
    }

    private RedactionEngine Load(string toml) =>
        RedactionEngine.Create(_dir.WriteFile("rules.toml", toml), NullLogger.Instance);
}
