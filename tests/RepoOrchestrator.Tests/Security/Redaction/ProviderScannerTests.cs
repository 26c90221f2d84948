using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

public sealed class ProviderScannerTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    [Fact]
    public void Redact_PrefixTokenWithAnyName_IsGone()
    {
        var token = "glpat-" + Random(20, Base64Url, 80);
        var text = $"settings.value = \"{token}\"";

        Assert.DoesNotContain(token, Engine.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PrefixInsideALongerWord_IsKept()
    {
        var text = "xglpat-" + Random(20, Alnum, 81); // 27 characters: too short for the high-entropy rule

        Assert.Same(text, Engine.Redact(text));
    }

    [Fact]
    public void Redact_HexKeyWithProviderNameOnTheLineAbove_IsGone()
    {
        var sid = "AC" + Random(32, Hex, 82);
        var text = $"twilio:\n  account: {sid}\n";

        Assert.DoesNotContain(sid, Engine.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_HexKeyWithoutProviderName_IsKept()
    {
        var text = $"build: AC{Random(32, Hex, 83)}\nrevision: {Random(40, Hex, 84)}\n";

        Assert.Same(text, Engine.Redact(text));
    }

    [Fact]
    public void Redact_CommitIdOnALineAboutCommits_IsKeptNearAProviderName()
    {
        var text = $"datadog release commit {Random(40, Hex, 85)}";

        Assert.Same(text, Engine.Redact(text));
    }

    [Fact]
    public void Redact_LineStuffedWithProviderNames_FailsClosed()
    {
        var names = string.Join(' ', ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Named).Select(f => f.Keywords[0]).Distinct().Take(NamedTokenScanner.MaxFormatsInContext * 2));
        var run = "qw3r-ty8i-op4s-dfg5-jk1zx"; // 25 characters that no named shape accepts: only failing closed removes it
        var text = names + "\nvalue " + run + " integrations overview\n";

        var redacted = Engine.Redact(text);

        Assert.DoesNotContain(run, redacted, StringComparison.Ordinal);
        Assert.Contains("integrations overview", redacted, StringComparison.Ordinal); // words are not token-shaped
    }

    [Fact]
    public void Redact_OneLongLineOfNamedTokens_RedactsEveryToken()
    {
        var tokens = Enumerable.Range(0, 2000).Select(i => "AC" + Random(32, Hex, 1000 + i)).ToList();
        var text = string.Concat(tokens.Select(t => $"twilio={t}; ")); // about 90 000 characters on one line

        var redacted = Engine.Redact(text);

        Assert.All(tokens, t => Assert.DoesNotContain(t, redacted, StringComparison.Ordinal));
    }

    [Fact]
    public void Redact_ContainedKeywordToken_IsGoneAnywhereInALongText()
    {
        var key = Random(32, Hex, 87) + "-us12";
        var text = new string('x', 5000) + $"\nmc = '{key}'\n" + new string('y', 5000);

        Assert.DoesNotContain(key, Engine.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_YamlBlockScalar_StopsAtTheNextSiblingKey()
    {
        var secret = Random(24, Alnum, 88);
        var text = $"db:\n  password: |\n    {secret}\n    {secret[..12]}\n  user: app\n  host: db.internal\n";

        var redacted = Engine.Redact(text);

        Assert.Equal(text.Split('\n').Length, redacted.Split('\n').Length); // line windows stay aligned

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("  user: app\n  host: db.internal", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("credentials: |\n  {\n    \"password\": \"{0}\"\n  }\n")] // a JSON object held in a block scalar
    [InlineData("credentials: |\n  {{ \"user\": \"app\", \"password\": \"{0}\" }}\n")] // the same on one line
    [InlineData("secrets: >-\n  {{password: {0}}}\n")] // a flow map folded into a block
    [InlineData("secrets:\n  - \"DB_PASSWORD={0}\"\n")] // a list item that is itself an assignment
    [InlineData("credentials:\n  - name: db\n    password: {0}\n")] // a list of maps
    public void Redact_ObjectInABlockScalarUnderASecretName_RedactsItsSecretValues(string template)
    {
        var secret = Random(20, Alnum, 92);
        var text = template.Replace("{{", "{").Replace("}}", "}").Replace("{0}", secret);

        var redacted = Engine.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), redacted.Count(c => c == '\n'));
    }

    [Fact]
    public void Redact_TemplateInABlockScalar_IsKeptAsAPlaceholder()
    {
        const string text = "password: |\n  {{ vault_db_password }}\nuser: app\n";

        Assert.Equal(text, Engine.Redact(text));
    }

    [Fact]
    public void Redact_QuotedValueContinuedOnTheNextLine_KeepsTheLineCount()
    {
        var (first, second) = (Random(16, Alnum, 90), Random(16, Alnum, 91));
        var text = $"char *password = \"{first}\\\n{second}\";\nint x = 1;\n";

        var redacted = Engine.Redact(text);

        Assert.DoesNotContain(first, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(second, redacted, StringComparison.Ordinal);
        Assert.Equal(3, redacted.Count(c => c == '\n'));
    }

    [Fact]
    public void Findings_CarryTheFormatIdAsRuleId()
    {
        var key = "rzp_live_" + Random(14, Alnum, 89); // 23 characters: only the razorpay format matches it
        var text = $"gateway {key} here";
        var allowlist = new RedactionAllowlist([], [key[9..]], AllowlistTarget.Secret, new HashSet<string>(["razorpay-key"]));
        var engine = new RedactionEngine(BuiltInRules.Create(), [allowlist], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        // An allowlist aimed at the format's id keeps the key, so the id is what reached the sink.
        Assert.Same(text, engine.Redact(text));
        Assert.DoesNotContain(key, Engine.Redact(text), StringComparison.Ordinal);
    }

    [Fact]
    public void PrefixScanner_BuildsOnlyTheExpressionsOfThePrefixesItMeets()
    {
        var provider = new ProviderTokenScanner([.. ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Prefix)], []);
        var scanner = provider.Prefixes;
        var engine = new RedactionEngine([provider], [], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var token = "glpat-" + Random(20, Base64Url, 90);

        Assert.Equal(0, scanner.BuiltCount); // issue 19: the catalog's expressions held ~100 MiB when built up front
        Assert.Same("nothing here but prose and code()", engine.Redact("nothing here but prose and code()"));
        Assert.Equal(0, scanner.BuiltCount);
        Assert.DoesNotContain(token, engine.Redact($"key = \"{token}\""), StringComparison.Ordinal);
        Assert.Equal(ProviderCatalog.Formats.Count(f => f.Anchor == TokenAnchor.Prefix && f.Keywords.Any(k => "glpat-".StartsWith(k, StringComparison.Ordinal))), scanner.BuiltCount);
    }

    [Fact]
    public void NamedScanner_BuildsOnlyTheFormatsOfTheNamesItMeets()
    {
        var rules = ProviderCatalog.Formats.Where(f => f.Anchor == TokenAnchor.Named).Select(f => new ProviderTokenRule(f)).ToArray();
        var engine = new RedactionEngine([new ProviderTokenScanner([], rules)], [], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var sid = "AC" + Random(32, Hex, 91);

        Assert.Same("no provider here: 0123456789abcdef0123456789abcdef", engine.Redact("no provider here: 0123456789abcdef0123456789abcdef"));
        Assert.DoesNotContain(rules, r => r.IsBuilt);
        var text = $"twilio:\n  account: {sid}\n";
        Assert.DoesNotContain(sid, engine.Redact(text), StringComparison.Ordinal);
        Assert.Contains(rules, r => r.IsBuilt);
        Assert.All(rules.Where(r => r.IsBuilt), r => Assert.Contains(r.Keywords, k => text.Contains(k, StringComparison.OrdinalIgnoreCase)));
    }
}
