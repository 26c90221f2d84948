using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Redaction;
using static RepoOrchestrator.Tests.Security.Redaction.FakeSecrets;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Forms found missed in recall round 36c (<see cref="Corpus.Round36cSamples"/>, trufflehog's detector pattern tests): a
/// bare letters-only password whose case flips the way no identifier's does (Snowflake's and SQL Server's
/// <c>password=gCTmQDreij</c>), a URL password that is a base64 run with '/' in it (Cosmos DB's
/// <c>mongodb://app:…/…==@host</c>), and LaunchDarkly keys written with the whole lower-case alphabet. Each row is
/// redacted on the whole text by the engine and by the served path, and in every one-line window; the negatives stay
/// as they are.
/// </summary>
public sealed class RecallRound36cTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string LowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly RedactionEngine Engine = RedactionEngine.CreateDefault();

    // One lower-case letter between capitals: …QDrHI…
    private static string Flipped => Random(3, Lower, 81) + Random(2, Upper, 82) + Random(1, Lower, 83) + Random(2, Upper, 84) + Random(2, Lower, 85);

    // Seven capitals inside lower-case letters.
    private static string LongCapitals => Random(2, Lower, 86) + Random(7, Upper, 87) + Random(1, Lower, 88);

    private static string CosmosKey => Random(30, Alnum, 89) + "/" + Random(30, Base64, 90) + "+" + Random(25, Alnum, 91) + "==";

    private static string LaunchDarkly => "sdk-" + Random(8, LowerDigits, 92) + "-" + Random(4, LowerDigits, 93) + "-" + Random(4, LowerDigits, 94) + "-" + Random(4, LowerDigits, 95) + "-" + Random(12, LowerDigits, 96);

    public static TheoryData<string, string, string> Forms() => new()
    {
        { "snowflake password=<flipped case>", $"snowflake: \n account=acme-xy12345 \n username=svc_loader \n password={Flipped} \n database=SNOWFLAKE", Flipped },
        { "connection string Password=<flipped case>", $"UseSqlServer(\"Server=localhost;User ID=sa;Password={Flipped};Encrypt=true;\")\n", Flipped },
        { "password=<seven capitals>", $"password={LongCapitals}\n", LongCapitals },
        { "mongodb URL with a base64 password", $"mongodb://app:{CosmosKey}@app.mongo.cosmos.azure.com:10255/?ssl=true\n", CosmosKey },
        { "LaunchDarkly key, lower-case alphabet", $"{LaunchDarkly}\n", LaunchDarkly },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_IsRedacted(string kind, string text, string secret) => RecallRound35Tests.AssertRedacted(kind, text, secret);

    [Theory]
    [InlineData("connect(host=host, password=dbPassword, user=userIdOrEmail)\n")] // identifiers in a call
    [InlineData("password=xmlCfgPwd\n")] // abbreviations in camel case
    [InlineData("token=IsAToken\n")] // a one-letter word between capitals, words around it
    [InlineData("secret=getHTTPResponse\n")] // an acronym
    [InlineData("pip install git+https://github.com:psf/requests@main\n")] // a path, not a password
    [InlineData("http://host:8080/api/v1/users/@me\n")] // a port, then a path
    [InlineData("see https://www.npmjs.com:443/package/@scope/name\n")]
    public void LooksLikeTheFormButHoldsNoSecret_IsServedUnchanged(string text)
    {
        Assert.Equal(text, RevealingRedaction.RedactLines(Engine, text, 1, int.MaxValue).Text);
    }
}
