using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Review round 36: breaks a review found in the round-36 changes; each test failed on the product as it was.</summary>
public sealed class ReviewRound36Tests
{
    private const string Value = "Zq8vLm2xPw9rTn4k";

    // A value of letters only with one '=' of base64 padding, the last thing inside the quoted string around it.
    private const string Padded = "QwErTyUiOpAsDfGhJkLz=";

    public static TheoryData<string> PaddedValueBeforeClosingQuote => new()
    {
        $"conn = \"Server=db;User Id=sa;Password={Padded}\";\n",
        $"url = \"https://api.example.com/v1/items?token={Padded}\"\n",
        $"psql 'host=db password={Padded}'\n",
    };

    /// <summary>
    /// SecretAssignmentRule's named-argument branch (env("DB_PASSWORD", default="…")) takes a bare value that ends in
    /// '=' right before a quote as an argument's name, and then `continue`s whether or not it took a literal. A value of
    /// letters with one '=' of padding that ends a quoted string (a connection string's Password=…=", a URL's
    /// token=…=") is such a "name": the closing quote opens no literal, nothing is redacted, and the value the rule
    /// redacted before round 36 is served.
    /// </summary>
    [Theory]
    [MemberData(nameof(PaddedValueBeforeClosingQuote))]
    public void Redact_ValueEndingInPaddingBeforeTheClosingQuote_IsStillRedacted(string text)
    {
        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.DoesNotContain(Padded[..^1], served, StringComparison.Ordinal);
    }

    public static TheoryData<string> SetterCallThenDefaultOnTheLine => new()
    {
        $"setProperty(\"db.password\", \"{Value}\"); // default: Ab3dEf9hQw2eRt5yUi7o\n",
        $"os.environ.setdefault(\"API_TOKEN\", \"{Value}\"); p.add_argument(\"--mode\", default=\"Ab3dEf9hQw2eRt5yUi7o\")\n",
        $"c.set(\"api_token\",\"{Value}\");d.opt(\"x\",{{default:\"Ab3dEf9hQw2eRt5yUi7o\"}})\n",
        $"conf.put(\"password\", \"{Value}\", default=\"Ab3dEf9hQw2eRt5yUi7o\")\n",
    };

    /// <summary>
    /// TryNamedValue's new call branch (add_argument("--password", default="…")) looks for a `default` key anywhere up to
    /// the end of the line, past the call's closing parenthesis, and when it finds one the scan `continue`s: the
    /// call's own second argument (setProperty("db.password", "…"), setdefault, a minified JS setter), which the
    /// assignment path redacted before round 36, is served, and some other call's default is redacted instead.
    /// </summary>
    [Theory]
    [MemberData(nameof(SetterCallThenDefaultOnTheLine))]
    public void Redact_CallWithSecretNameThenADefaultLaterOnTheLine_CallsValueIsRedacted(string text)
    {
        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.DoesNotContain(Value, served, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parser.add_argument(\"--password\", default=\"Zq8vLm2xPw9rTn4k\")\n")]
    [InlineData("[ConfigurationProperty(\"password\", DefaultValue = \"Zq8vLm2xPw9rTn4k\")]\n")]
    [InlineData("parser.add_argument(\"--password\", type=str, default=\"Zq8vLm2xPw9rTn4k\")\n")]
    public void Redact_CallsOwnDefaultArgument_IsStillRedacted(string text)
    {
        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.DoesNotContain(Value, served, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_DefaultOfAnotherCallOnTheLine_IsNotTakenAsTheSecretNamesValue()
    {
        const string text = "add_argument(\"--password\", help=\"the password\"); add_argument(\"--mode\", default=\"Ab3dEf9hQw2eRt5yUi7o\")\n";

        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.Contains("Ab3dEf9hQw2eRt5yUi7o", served, StringComparison.Ordinal); // --mode's default, not the password's
    }

    public static TheoryData<string> RepeatedToolWords => new()
    {
        "zip ", "unzip a ", "7z a ", "docker login ", "az login ", "registry login ", "openssl ", "ssh-keygen ",
    };

    /// <summary>
    /// The new password-short-option expression scans lazily and unbounded to the end of the line after each tool name
    /// (`\bzip\b[^\r\n|;&amp;]*?[ \t]-P`, and the same for docker/az/registry login, 7-Zip, ssh-keygen and OpenSSL): a 50 KB
    /// line of "zip zip zip …" costs the square of its length, reaches the 1 s match timeout with no work unit charged,
    /// and the whole text is then withheld — ReviewRound35's htpasswd break, again. ToolPasswordArgument bounds the same
    /// gap at 200 characters.
    /// </summary>
    [Theory]
    [MemberData(nameof(RepeatedToolWords))]
    public void Redact_LongLineOfOneToolsName_IsLinearAndServed(string unit)
    {
        var engine = RedactionEngine.CreateDefault();
        var text = string.Concat(Enumerable.Repeat(unit, 60_000 / unit.Length)) + "\nhello world\n";

        var served = engine.Redact(text);

        // A quadratic search reaches the 1 s match timeout, and the timeout withholds the whole text as one marker; the
        // time itself is the benchmarks' business, not a unit test's.
        Assert.Contains("hello world", served, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zip -r -P Zq8vLm2xPw9rTn4k backup.zip data/\n")]
    [InlineData("docker login -u bob -p Zq8vLm2xPw9rTn4k registry.example.com\n")]
    [InlineData("7z a -pZq8vLm2xPw9rTn4k backup.7z data\n")]
    [InlineData("openssl enc -aes-256-cbc -in a -out b -pass pass:Zq8vLm2xPw9rTn4k\n")]
    [InlineData("echo \"Zq8vLm2xPw9rTn4k\" | docker login -u bob --password-stdin registry.example.com\n")]
    public void Redact_ShortOptionPasswords_AreStillRedacted(string text)
    {
        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.DoesNotContain(Value, served, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> EscapedQuoteInsideTheLiteral => new()
    {
        { "{:user \"bob\" :password \"Zq8v\\\"Lm2xPw9rTn4k\"}\n", "Lm2xPw9rTn4k" }, // Clojure keyword entry
        { "password: str = Field(default=\"Zq8v\\\"Lm2xPw9rTn4k\")\n", "Lm2xPw9rTn4k" }, // named argument
        { "ds.setPassword(\"Zq8v\\\"Lm2xPw9rTn4k\");\n", "Lm2xPw9rTn4k" }, // setter call
    };

    /// <summary>
    /// The literals of the new keyword-entry and named-argument forms (and of setter calls) end at the first quote on the
    /// line, an escaped one (\") included: only the part before it is redacted and the rest of the value is served. The
    /// assignment path (password = "…\"…") reads escapes and redacts the whole value.
    /// </summary>
    [Theory]
    [MemberData(nameof(EscapedQuoteInsideTheLiteral))]
    public void Redact_EscapedQuoteInsideTheLiteral_RestOfTheValueIsNotServed(string text, string rest)
    {
        var served = RedactionEngine.CreateDefault().Redact(text);

        Assert.DoesNotContain(rest, served, StringComparison.Ordinal);
    }
}
