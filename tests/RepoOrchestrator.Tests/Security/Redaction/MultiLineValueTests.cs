using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Values that do not end on their line (MultiLineValue), each shape found served in clear, or served at a cost the
/// budget did not count, by a review helper attacking the change that made the assignment rule scan inside YAML
/// blocks. Every secret below is a made-up value.
/// </summary>
public sealed class MultiLineValueTests
{
    private const string Secret = "Tr0ub4dor-q8Zk";
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    [Theory]
    [InlineData("stringData:\n  credentials: |\n    DB_PASSWORD=Zq7first1 \\\n  api_password: Tr0ub4dor-q8Zk\n")]
    [InlineData("stringData:\n  credentials: |\n    DB_PASSWORD=Zq7first1 \\\n  api_password: \"Tr0ub4dor-q8Zk\"\n")]
    [InlineData("credentials: |\n  password=C:\\vault\\\ntoken: Tr0ub4dor-q8Zk\n")]
    [InlineData("DB_PASSWORD=Zq7first1 \\\napi_password: Tr0ub4dor-q8Zk\n")] // no block at all
    [InlineData("export TOKEN=Zq7first1 \\\n  PASSWORD=Tr0ub4dor-q8Zk\n")]
    public void Continuation_NeverTakesTheNextNameForItsValue_SoThatNamesValueIsRedacted(string text)
    {
        var redacted = Engine.Redact(text);

        Assert.DoesNotContain(Secret, redacted, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), redacted.Count(c => c == '\n'));
    }

    [Theory]
    [InlineData("user=app\npassword=C:\\vault\\")] // a backslash ends the text
    [InlineData("password: >-\n  token: C:\\x\\")]
    [InlineData("token = \"a\" \\")]
    public void Continuation_BackslashAtTheEndOfTheText_ReadsNothingPastIt(string text)
    {
        var redacted = Engine.Redact(text); // threw IndexOutOfRangeException: every search reaching the file answered 500

        Assert.DoesNotContain("vault", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password: |\n  {\n  Tr0ub4dor-q8Zk\n  }\n")] // starts and ends like a template, is not one
    [InlineData("password: |\n  {{- if .Values.x }}\n  Tr0ub4dor-q8Zk\n  {{- end }}\n")]
    [InlineData("password: |\n  ${A}\n  Tr0ub4dor-q8Zk\n  ${B}\n")]
    [InlineData("api_key: |\n  <key>\n  Tr0ub4dor-q8Zk\n  </key>\n")]
    [InlineData("password: !!binary |\n  Tr0ub4dor-q8Zk\n")] // a tag before the block indicator
    [InlineData("password: &pw |\n  Tr0ub4dor-q8Zk\n")] // an anchor
    [InlineData("password:\n  # the db one\n  Tr0ub4dor-q8Zk\n")] // a comment line above a plain scalar
    [InlineData("password:\n  Tr0ub4dor-q8Zk # rotate monthly\n")] // a comment after it
    [InlineData("passwords:\n  # first\n  - Tr0ub4dor-q8Zk\n")]
    [InlineData("password: \"Tr0ub4dor-\n  q8Zk\"\n")] // a double-quoted value folded over two lines
    [InlineData("[db]\npassword = \"\"\"\nTr0ub4dor-q8Zk\n\"\"\"\n")] // TOML multi-line string
    [InlineData("password = \"\"\"Tr0ub4dor-q8Zk\"\"\"\n")] // and on one line
    [InlineData("db.password=\\\n    Tr0ub4dor-q8Zk\n")] // .properties: the value on the continued line
    [InlineData("password: \"{{ lookup('env', 'X') | default('Tr0ub4dor-q8Zk') }}\"\n")] // a template's literal fallback
    [InlineData("DB_PASSWORD=${DB_PASSWORD:-Tr0ub4dor-q8Zk}\n")] // a shell default
    [InlineData("credentials: |\n  {\n    \"password\": \"Tr0ub4dor-q8Zk\"\n  }\n")] // a JSON object held in a block
    public void Shape_NextToABlockOrAcrossLines_IsRedacted(string text)
    {
        var redacted = Engine.Redact(text);

        Assert.DoesNotContain("q8Zk", redacted, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), redacted.Count(c => c == '\n')); // line windows stay aligned
    }

    [Theory]
    [InlineData("password: |\n  {{ vault_db_password }}\nuser: app\n")] // every line of the block a placeholder
    [InlineData("DB_PASSWORD=${DB_PASSWORD:-}\n")]
    [InlineData("password: \"{{ vault_password | default(omit) }}\"\n")]
    [InlineData("return (\"token:\" + key,\n    other);\n")] // a quote left open on its line by code
    [InlineData("/// (`password = \"…` written in prose,\n/// then more words on the next line\")\n")]
    [InlineData("db.password=\\\n    ${DB_PASSWORD}\n")]
    public void PlaceholderOrCode_AcrossLines_IsKept(string text)
    {
        Assert.Equal(text, Engine.Redact(text));
    }

    [Fact]
    public void NestedSecretBlockKeys_AreScannedOnce_NotOncePerKey()
    {
        // Line i: i blanks and "password: |" - each key's block holds every key below it. Scanning inside each block
        // again read about 64 lines per key (2-2.6 s for 5 MB at 3,226 charged candidates).
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => new string(' ', i) + "password: |\n"));
        var engine = RedactionEngine.CreateDefault(new RedactionBudgetLimits(long.MaxValue / 4, long.MaxValue / 2));

        engine.Redact(text);

        Assert.InRange(engine.WorkUnits, 3000, 30_000); // each key and each line read about once, each charged
    }

    [Fact]
    public void BlockScalar_EveryLineRead_IsCharged_AndAllOfALongBlockIsRedacted()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"  Qz{i:D4}vLk2Pw9RtXm").ToList();
        var text = "password: |\n" + string.Join('\n', lines) + "\nuser: app\n";
        var engine = RedactionEngine.CreateDefault(new RedactionBudgetLimits(long.MaxValue / 4, long.MaxValue / 2));

        var redacted = engine.Redact(text);

        Assert.InRange(engine.WorkUnits, 5000, long.MaxValue); // the lines the block scan read are paid for
        Assert.DoesNotContain("vLk2Pw9", redacted, StringComparison.Ordinal); // past 64 lines too
        Assert.EndsWith("user: app\n", redacted, StringComparison.Ordinal);
    }
}
