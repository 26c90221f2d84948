using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Review round 35b: breaks a third review found in stop 35's later commits; each test failed on the product as it was.</summary>
public sealed class ReviewRound35bTests
{
    private const string Value = "Zq8vLm2xPw9rTn4k";

    public static TheoryData<string, string> DoubleDollarValues => new()
    {
        { "DB_PASSWORD=$$" + Value + "\n", Value }, // .env / docker compose: "$$" is a literal '$', the password is "$Zq8v…"
        { "password: \"$$" + Value + "\"\n", Value },
        { "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: $$" + Value + "\n", Value },
        { "password = \"$$Tr0ub4dor9x\"\n", "Tr0ub4dor9x" },
    };

    /// <summary>
    /// AssignmentValueFilter.IsPlaceholder (new): a value that starts with "$$" followed by an identifier is taken as an
    /// escaped reference and never redacted. An identifier is letters and digits, so every generated password that
    /// happens to start with "$$" (or is written with compose's "$$" escape, which makes it the literal "$…") is served
    /// whole. The same value without the "$$" is redacted.
    /// </summary>
    [Theory]
    [MemberData(nameof(DoubleDollarValues))]
    public void Redact_GeneratedValueStartingWithDoubleDollar_IsRedacted(string text, string secret)
    {
        var engine = RedactionEngine.CreateDefault();

        Assert.DoesNotContain(secret, engine.Redact(text.Replace("$$", "", StringComparison.Ordinal)), StringComparison.Ordinal); // control
        Assert.DoesNotContain(secret, engine.Redact(text), StringComparison.Ordinal);
    }

    public static TheoryData<string> UpperSnakeLiteralPasswords => new()
    {
        "machine api.example.com login bob password QWXZV_KPLRM\n", // .netrc
        "sshpass -p QWXZV_KPLRM ssh deploy@host\n",
        "requirepass QWXZV_KPLRM_TBNGH\n", // redis.conf
        "mysql -u root -pQWXZV_KPLRM appdb\n",
    };

    /// <summary>
    /// AssignmentValueFilter.IsEnvironmentName (new, inside IsPlaceholder): UPPER_SNAKE text with a '_' and no digit is
    /// "the name of a variable", provided every part longer than five letters is word-like; parts of up to five letters
    /// are never judged. IsPlaceholder is also the filter of the exact rules whose value is a literal by construction
    /// (.netrc password, sshpass -p, requirepass, mysql -p…), where no variable name can stand: a random password of
    /// upper-case groups of five (QWXZV_KPLRM) is served. The same value with one digit is redacted.
    /// </summary>
    [Theory]
    [MemberData(nameof(UpperSnakeLiteralPasswords))]
    public void Redact_UpperSnakeRandomPasswordInLiteralOnlyPosition_IsRedacted(string text)
    {
        var engine = RedactionEngine.CreateDefault();

        Assert.DoesNotContain("KPLR7", engine.Redact(text.Replace("KPLRM", "KPLR7", StringComparison.Ordinal)), StringComparison.Ordinal); // control
        Assert.DoesNotContain("KPLRM", engine.Redact(text), StringComparison.Ordinal);
    }

    public static TheoryData<string> BlankCharacters => new() { "\v", "\f", "\u0085", "\u2028", "\u2029" };

    /// <summary>
    /// TableColumn.TryAdd (new) counts a field's leading blanks as ' ' and '\t' only (TrimStart(" \t")), but unquotes
    /// and measures the value after raw.Trim(), which also removes every other white space (\v, \f, U+0085, U+2028…,
    /// none of them folded by LookalikeFold). The range it reports starts that many characters too early: with as many
    /// such characters before the value as the value is long, the marker covers the blanks and the whole value is served.
    /// Without the blanks the value is redacted.
    /// </summary>
    [Theory]
    [MemberData(nameof(BlankCharacters))]
    public void Redact_TableColumnValueAfterOtherWhiteSpace_IsRedacted(string blank)
    {
        var engine = RedactionEngine.CreateDefault();
        const string secret = "hunter2-xyz";
        var padding = string.Concat(Enumerable.Repeat(blank, secret.Length));

        Assert.DoesNotContain(secret, engine.Redact("user,password\nalice," + secret + "\n"), StringComparison.Ordinal); // control
        var served = engine.Redact("user,password\nalice," + padding + secret + "\n");

        Assert.DoesNotContain("xyz", served, StringComparison.Ordinal);
    }

    /// <summary>
    /// TableColumn.TryAdd is called for every secret name SecretAssignmentRule finds and takes the name's line as a
    /// header when all its fields are short labels, then reads every row below with as many fields. A CSV whose rows
    /// are words (an auth log: alice,password,success) makes every row a header that reads the rest of the file:
    /// quadratic work, charged, so a 60 KB plain data file is refused (422 over the 50,000 per-call budget) by /file,
    /// search and the index. The same rows with another word cost nothing. Work per keyword hit must not grow with the text.
    /// </summary>
    [Fact]
    public void Redact_CsvRowsOfWordsNamingASecret_WorkDoesNotGrowQuadratically()
    {
        var engine = RedactionEngine.CreateDefault();
        var rows = string.Concat(Enumerable.Range(0, 3000).Select(i => $"user{i % 50},password,success\n"));

        var served = engine.Redact(rows); // throws the 422 ApiProblemException today

        Assert.Equal(rows, served);
        Assert.InRange(engine.WorkUnits, 0, 10 * 3000);
    }

    /// <summary>
    /// MultiLineValue.TryHeredoc (new) reads an unclosed heredoc to the end of the text, and the scan goes on at the next
    /// character, not past the heredoc: each of N "password = &lt;&lt;EOF" lines re-reads every line after it. N = 3000
    /// (48 KB) is over the per-call budget (422, the file cannot be read); the same lines with "username" cost nothing.
    /// </summary>
    [Fact]
    public void Redact_ManyUnclosedHeredocs_WorkDoesNotGrowQuadratically()
    {
        var engine = RedactionEngine.CreateDefault();
        var text = string.Concat(Enumerable.Repeat("password = <<EOF\n", 3000)) + "hello world\n";

        var served = engine.Redact(text); // throws the 422 ApiProblemException today

        Assert.Contains("hello world", served, StringComparison.Ordinal);
        Assert.InRange(engine.WorkUnits, 0, 20 * 3000);
    }
}
