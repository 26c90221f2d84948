using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Second review of the multi-line value changes (a helper attacking them): each input was served in clear, or cost
/// more than it was charged, before the fixes that followed; the comments say what went wrong.
/// </summary>
public sealed class MultiLineValueReviewTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    private static void AssertRedacted(string text)
    {
        var redacted = Engine.Redact(text);
        var served = RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;
        Assert.DoesNotContain("q8Zk", served, StringComparison.Ordinal);
        Assert.DoesNotContain("q8Zk", redacted, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), redacted.Count(c => c == '\n'));
    }

    // (regression in 55dbaf9, leak): WithoutComment runs on "- '…'" before the quote is seen, so " #" inside a
    // quoted list item cuts the item to "'Tr0ub" (an unclosed quote) and nothing is redacted. 16a1546 redacted it.
    [Theory]
    [InlineData("passwords:\n  - 'Tr0ub # 4dor-q8Zk'\n")]
    [InlineData("passwords:\n  - \"Tr0ub # 4dor-q8Zk\"\n")]
    public void QuotedListItemHoldingBlankHash_IsRedacted(string text) => AssertRedacted(text);

    // (regression in 55dbaf9, leak): a continued word that contains '=' (base64 padding) or ends with ':' is now
    // taken for "the next name" and left in clear; nothing else judges it (it is no name). 16a1546 redacted all five.
    [Theory]
    [InlineData("export API_TOKEN=dGhpcyBpcyBh\\\nq8ZkIHRva2Vu==\n")]
    [InlineData("db.password=Tr0ub4dor\\\n    q8Zk==\n")]
    [InlineData("db.password=Tr0ub4dor\\\n    q8Zk=a\n")]
    [InlineData("api_key=Tr0ub4dor\\\n  q8Zk:\n")]
    [InlineData("TOKEN=\"Tr0ub4dor\"\\\n\"a=q8Zk\"\n")]
    public void ContinuedWordWithEqualsOrTrailingColon_IsRedacted(string text) => AssertRedacted(text);

    // (leak, incomplete fallback judgement): literal fallbacks still treated as placeholders.
    [Theory]
    [InlineData("password: \"{{ lookup('env', 'X') | default('$Tr0ub4dor-q8Zk') }}\"\n")] // '$' / '%' / '{' shortcut applied to a Jinja string literal
    [InlineData("password: \"{{ lookup('env', 'X') | default('%Tr0ub4dor-q8Zk') }}\"\n")]
    [InlineData("password: \"{{ lookup('env', 'X') | default('{Tr0ub4dor-q8Zk}') }}\"\n")]
    [InlineData("DB_PASSWORD=${DB_PASSWORD:-{Tr0ub4dor-q8Zk}}\n")] // '{' is literal in the shell
    [InlineData("password: {{ pw | default('Tr0ub4dor-q8Zk') }}\n")] // unquoted template (.j2 / Helm templates)
    [InlineData("passwords:\n  - ${A:-Tr0ub4dor-q8Zk}\n")] // a list item
    [InlineData("passwords:\n  - \"{{ a | default('Tr0ub4dor-q8Zk') }}\"\n")]
    [InlineData("password: \"{{ db_pw | default(none) | default('Tr0ub4dor-q8Zk') }}\"\n")] // only the first default( is read
    [InlineData("password: \"{{ lookup('env', 'X') | d('Tr0ub4dor-q8Zk') }}\"\n")] // Jinja's d alias
    [InlineData("  password: {{ .Values.db.password | default \"Tr0ub4dor-q8Zk\" | quote }}\n")] // Helm / Sprig: no parentheses
    [InlineData("  password: {{ default \"Tr0ub4dor-q8Zk\" .Values.db.password | b64enc }}\n")]
    [InlineData("DB_PASSWORD=${DB_PASSWORD-Tr0ub4dor-q8Zk}\n")] // ${X-…} without the colon
    public void LiteralFallback_IsRedacted(string text) => AssertRedacted(text);

    // (leak): TryValueAcrossLines judges the whole multi-line span with IsPlaceholder, so a value that only starts and
    // ends like a template / reference / <x> is kept - the same hole BlockScalar was fixed for in 55dbaf9.
    [Theory]
    [InlineData("password = \"\"\"\n{\nTr0ub4dor-q8Zk\n}\n\"\"\"\n")]
    [InlineData("password: \"${A\n  Tr0ub4dor-q8Zk\n  }\"\n")]
    [InlineData("password: \"<\n  Tr0ub4dor-q8Zk\n  >\"\n")]
    [InlineData("password: '{{\n  Tr0ub4dor-q8Zk}}'\n")]
    public void MultiLineQuotedValue_ThatOnlyStartsAndEndsLikeAPlaceholder_IsRedacted(string text) => AssertRedacted(text);

    // (leak): `name=\` takes one line; a .properties value continued again is served from its second line on.
    [Theory]
    [InlineData("db.password=\\\n    Tr0ub4dor\\\n    q8Zk\n")]
    [InlineData("jwt.secret=\\\n    c2VjcmV0LXBhcnQtb25l\\\n    c2VjcmV0q8ZkXBhcnQtdHdv\n")]
    public void PropertiesValueContinuedPastItsFirstLine_IsRedacted(string text) => AssertRedacted(text);

    // (leak, neighbouring shapes of the new network-device rule).
    [Theory]
    [InlineData("snmp-server community Tr0ub4dor-q8Zk\n")] // RO is the default and may be omitted
    [InlineData("snmp-server community Tr0ub4dor-q8Zk view V1 RO\n")]
    [InlineData("snmp-server community Tr0ub4dor-q8Zk ro 10\n")]
    [InlineData("username admin password Tr0ub4dor-q8Zk role network-admin\n")] // NX-OS
    [InlineData("enable algorithm-type scrypt secret Tr0ub4dor-q8Zk\n")]
    [InlineData("username admin privilege 15 algorithm-type scrypt secret Tr0ub4dor-q8Zk\n")]
    [InlineData("tacacs-server key 7 Tr0ub4dor-q8Zk\n")]
    [InlineData("radius-server key Tr0ub4dor-q8Zk\n")]
    public void NetworkDeviceNeighbours_AreRedacted(string text) => AssertRedacted(text);

    // Continued lines are read again from every name of a chain (the scan goes on from each name): every line read
    // is charged per KiB, so 60,000-character continued lines cost units in proportion to what is read.
    [Fact]
    public void ContinuedLongLines_AreChargedForWhatIsRead()
    {
        var text = string.Concat(Enumerable.Repeat(new string('a', 60_000) + "_password:Zq7first1\\\n", 80));
        var engine = RedactionEngine.CreateDefault(new RedactionBudgetLimits(long.MaxValue / 4, long.MaxValue / 2));

        engine.Redact(text);

        Assert.InRange(engine.WorkUnits, text.Length / 1024, long.MaxValue);
    }

    // (behaviour change of 55dbaf9, informational): the stripped pass now runs for a window with no hidden character,
    // and RedactLines serves the stripped redaction whenever it DIFFERS from the first one - not only when it redacts
    // more. Line 2 below was served redacted by 16a1546 (and by the first pass now) and is served in clear now.
    [Fact]
    public void WindowBelowAHiddenCharacter_NeverServesWhatTheFirstPassRedacted()
    {
        var text = "Xx\u200Bpassword: |\n  Tr0ub4dor-q8Zk\n";
        Assert.DoesNotContain("q8Zk", Engine.RedactLines(new RedactableText(text), 2, 2), StringComparison.Ordinal); // first pass
        Assert.DoesNotContain("q8Zk", RevealingRedaction.RedactLines(Engine, text, 2, 2).Text, StringComparison.Ordinal);
    }
}
