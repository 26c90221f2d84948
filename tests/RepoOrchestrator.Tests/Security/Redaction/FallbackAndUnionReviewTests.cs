using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Third review of the multi-line value and hidden-text changes (a helper attacking them): each input was served in
/// clear, redacted where it should not be, or cost time its charge did not stand for, before the fixes that followed.
/// </summary>
public sealed class FallbackAndUnionReviewTests
{
    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    private static string Served(string text) => RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text;

    // Two regions differing on one 1.2 MB line of a repeated pattern: the union searched each visible part of one pass
    // anywhere in the other line (quadratic: ~3 s, charged 10 units). It now compares the two lines' common prefix and
    // suffix once (linear), and a line that differs in more than one region is one marker.
    [Fact]
    public void Union_LineDifferingInTwoRegions_IsOneMarker()
    {
        const string zw = "\u200B";
        var a = string.Concat(Enumerable.Repeat("a ", 2_000));
        var token = "ghp_Ab3dEf6hIj9kLm2n" + zw + "Op5qRs8tUv1wXy4zAb7d";
        // the first pass hides change<ZW>me and shows the split token; the stripped pass shows "changeme" and hides the token
        var text = a + "password=change" + zw + "me " + a + token + "  " + a + "\n";

        Assert.Equal("[REDACTED]\n", RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }

    [Theory]
    [InlineData("password: '{{ a | default(''Tr0ub4dor-q8Zk'') }}'\n")] // YAML single-quoted: '' is a quote (Ansible)
    [InlineData("password: \"{{ a | default(\\\"It's-Tr0ub4dor-q8Zk\\\") }}\"\n")] // escaped quote in a YAML double-quoted string
    [InlineData("password: \"{{ a | default(\"It\\\"s-Tr0ub4dor-q8Zk\") }}\"\n")]
    [InlineData("  password: {{ .Values.pw | default `Tr0ub4dor-q8Zk` | quote }}\n")] // Go template raw string
    [InlineData("  password: {{ .Values.pw | default (printf \"%s-Tr0ub4dor-q8Zk\" .Release.Name) | quote }}\n")] // Helm (printf …)
    [InlineData("  password: {{ .Values.pw | default (print \"Tr0ub4dor-q8Zk\") | quote }}\n")]
    [InlineData("password: \"{{ a | default(\n  'Tr0ub4dor-q8Zk') }}\"\n")] // default( across lines
    [InlineData("password: ${PW:-${X}Tr0ub4dor-q8Zk}\n")] // nested braces: the literal ends at the first '}'
    public void Fallback_IsRedacted(string text)
    {
        Assert.DoesNotContain("q8Zk", Engine.Redact(text), StringComparison.Ordinal);
        Assert.DoesNotContain("q8Zk", Served(text), StringComparison.Ordinal);
    }

    // (false positive): AddFallbacks reads the whole rest of the line after ANY secret name, so unrelated
    // fallbacks and d('…') calls on the same line are redacted.
    [Theory]
    [InlineData("PASSWORD=${PASSWORD:-} HOST=${HOST:-localhost} PORT=${PORT:-5432}\n", "localhost")]
    [InlineData("docker run -e DB_PASSWORD=$DB_PASSWORD -e DB_HOST=${DB_HOST:-db.example.com} app\n", "db.example.com")]
    [InlineData("token = get_token(); print(d('hello world'))\n", "hello world")]
    [InlineData("  password: {{ .Values.pw | default \"changeme\" }} name: {{ .Values.name | default \"my-app\" }}\n", "my-app")]
    [InlineData("api_key = os.environ['API_KEY']; url = f\"{base}/{d('v1')}\"\n", "v1')")]
    public void UnrelatedFallbackOnTheLine_IsServed(string text, string expected) =>
        Assert.Contains(expected, Served(text), StringComparison.Ordinal);

    // (leak): `name=\` - only the first continued line is judged; when it is a placeholder word or a reference
    // ($A, {{, changeme) the lines it continues onto are served, though a .properties value joins them.
    [Theory]
    [InlineData("db.password=\\\n    ${A}\\\n    q8ZkTr0ub4dor\n")]
    [InlineData("db.password=\\\n    changeme\\\n    q8ZkTr0ub4dor\n")]
    [InlineData("db.password=\\\n\\\n    q8ZkTr0ub4dor\n")]
    public void NameBackslash_ContinuedPastAPlaceholderLine_IsRedacted(string text) =>
        Assert.DoesNotContain("q8Zk", Served(text), StringComparison.Ordinal);

    // (leak): network device shapes next to the new ones.
    [Theory]
    [InlineData("radius-server host 10.0.0.1 auth-port 1812 acct-port 1813 key Tr0ub4dor-q8Zk\n")] // IOS classic, very common
    [InlineData("tacacs-server host 10.0.0.1 port 49 key Tr0ub4dor-q8Zk\n")]
    [InlineData("radius server ISE\n address ipv4 10.0.0.1 auth-port 1812 acct-port 1813\n key 7 Tr0ub4dor-q8Zk\n")] // IOS-XE
    [InlineData("tacacs server TAC1\n address ipv4 10.0.0.1\n key 7 Tr0ub4dor-q8Zk\n")]
    [InlineData("snmp-server community Tr0ub4dor-q8Zk group network-operator\n")] // NX-OS
    [InlineData("snmp-server community Tr0ub4dor-q8Zk RO ACL-SNMP # comment\n")]
    [InlineData("snmp-server host 10.0.0.1 version 2c Tr0ub4dor-q8Zk\n")]
    public void NetworkDevice_IsRedacted(string text) =>
        Assert.DoesNotContain("q8Zk", Served(text), StringComparison.Ordinal);

    // Each fallback reads to its closing quote or brace: a value made only of unclosed ones (${A-${A-${A-…) would cost
    // its length squared per name. Past 16 in one value the whole value is redacted, and nothing is read again.
    [Fact]
    public void ManyUnclosedFallbacksInOneValue_RedactTheWholeValue()
    {
        var value = string.Concat(Enumerable.Repeat("${A-", 200)) + "Tr0ub4dor-q8Zk";
        var text = "password=" + value + "\nuser=app\n";

        var redacted = Engine.Redact(text);

        Assert.StartsWith("password=[REDACTED]\n", redacted, StringComparison.Ordinal); // the unclosed braces run on: the next line may go too
        Assert.Equal(2, redacted.Count(c => c == '\n'));
    }
}
