namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Builds fake secrets at run time from a fixed-seed generator, so they look real to the redactor but no complete
/// key ever appears as a literal in the source (push protection scanners see only prefixes).
/// </summary>
internal static class FakeSecrets
{
    public const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Base64 = Alnum + "+/";
    public const string Base64Url = Alnum + "-_";
    public const string UpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public const string Hex = "0123456789abcdef";

    public static string Random(int length, string alphabet = Alnum, int seed = 7)
    {
        var random = new Random(seed);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    public static string OpenAiProject => "sk-" + "proj-" + Random(40, Base64Url, 1) + "T3Blbk" + "FJ" + Random(40, Base64Url, 2);
    public static string OpenAiLegacy => "sk-" + Random(20, Alnum, 3) + "T3Blbk" + "FJ" + Random(20, Alnum, 4);
    public static string Anthropic => "sk-" + "ant-" + "api03-" + Random(93, Base64Url, 5) + "AA";
    public static string GitHub(string prefix, int seed) => prefix + "_" + Random(36, Alnum, seed);
    public static string GitHubFineGrained => "github" + "_pat_" + Random(22, Alnum, 8) + "_" + Random(59, Alnum, 9);
    public static string AwsKeyId(string prefix) => prefix + Random(16, UpperDigits, 10);
    public static string AwsSecret => Random(40, Base64, 11);
    public static string GoogleKey => "AI" + "za" + Random(35, Base64Url, 12);
    public static string SlackBot => "xox" + "b-" + Random(12, "0123456789", 13) + "-" + Random(13, "0123456789", 14) + "-" + Random(24, Alnum, 15);
    public static string SlackUser => "xox" + "p-" + Random(12, "0123456789", 16) + "-" + Random(12, "0123456789", 17) + "-" + Random(32, Hex, 18);
    public static string SlackHookPath => "T" + Random(8, UpperDigits, 19) + "/B" + Random(10, UpperDigits, 20) + "/" + Random(24, Alnum, 21);
    public static string Stripe(string prefix) => prefix + "_" + "live_" + Random(24, Alnum, 22);
    public static string Jwt => "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".ey" + "J" + Random(60, Base64Url, 23) + "." + Random(43, Base64Url, 24);
    public static string Password => "Tr0ub4dor-" + Random(8, Alnum, 25);
    public static string Opaque(int length, int seed) => Random(length, Alnum, seed);
    public static string Base64Blob(int length, int seed) => Random(length, Base64, seed);

    /// <summary>A PEM private-key block with a fake base64 body of 64-character lines.</summary>
    public static string PemBlock(string label, int seed = 30, string newline = "\n")
    {
        var body = "MII" + Random(1000, Base64, seed) + "==";
        var lines = Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - (i * 64))));
        return $"-----BEGIN {label}-----{newline}{string.Join(newline, lines)}{newline}-----END {label}-----";
    }

    /// <summary>The body lines of a block made by <see cref="PemBlock"/>.</summary>
    public static IEnumerable<string> PemBodyLines(string block) =>
        block.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && l.Length > 0);
}
