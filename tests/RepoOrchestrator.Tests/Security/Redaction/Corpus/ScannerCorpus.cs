using System.Text;

namespace RepoOrchestrator.Tests.Security.Redaction.Corpus;

/// <summary>
/// A second positive corpus, built the way an outside reviewer builds one: from other secret scanners' public test
/// samples, in the syntax those tests feed their scanner (issue 14 follow-up). The sources:
/// <list type="bullet">
/// <item>gitleaks/gitleaks - every default rule's true positive (<see cref="GitleaksRuleSamples"/>) in every context of
/// <c>utils.GenerateSampleSecrets</c> (cmd/generate/config/utils/generate.go) plus <c>GenerateSampleSecret</c>'s
/// <c>x_api_token = "…"</c>, and the hand-written tps of the rules that have their own (curl.go, generic.go,
/// kubernetes.go, sidekiq.go, hashicorp.go, freemius.go, jwt.go) in <see cref="ScannerHandSamples"/>.</item>
/// <item>trufflesecurity/trufflehog - the contexts its detector pattern tests use (pkg/detectors/*/…_test.go: the
/// <c>[DEBUG] Using x Key=…</c> log, <c>x token - '…'</c>, <c>x token = '…'</c>, <c>x '…'</c>, <c>x …</c>, prose, Jenkins
/// credential XML, YAML config, the test_secrets JSON) applied to the
/// same rule shapes, plus whole samples of a few detector tests.</item>
/// <item>Yelp/detect-secrets - tests/plugins/*_test.py and test_data/ samples.</item>
/// <item>praetorian-inc/noseyparker - every secret rule's <c>examples:</c> (<see cref="NoseyParkerRuleSamples"/>).</item>
/// <item>mongodb/kingfisher - the <c>examples:</c> of about 360 of its secret rules (<see cref="KingfisherRuleSamples"/>).</item>
/// <item>Round 36 (<see cref="Round36Samples"/>): microsoft/security-utilities, more kingfisher rules, trufflehog
/// detector tests of providers gitleaks lacks, ripsecrets.</item>
/// <item>Round 36b (<see cref="Round36bSamples"/>): kingfisher's older rules, talisman, git-secrets, detect-secrets and
/// gitleaks test data files whole, ggshield, semgrep's secrets rules, whole configuration files.</item>
/// <item>Round 36c (<see cref="Round36cSamples"/>): trufflehog's detector pattern tests of cloud, CI/CD, database,
/// payment, messaging, monitoring and AI providers no earlier round read.</item>
/// </list>
/// In a hand template ⟦…⟧ marks a secret (the sample counts as caught only if every secret is gone from the output)
/// and «n:class» is drawn from the seeded generator, so no value in the source is a real credential.
/// </summary>
internal static class ScannerCorpus
{
    private const int Seed = 15;

    /// <summary>A lower-case UUID in the template notation, for the sources' samples.</summary>
    public const string Uuid = "«8:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«4:0-9a-f»-«12:0-9a-f»";

    /// <summary>gitleaks cmd/generate/config/utils/generate.go, GenerateSampleSecrets: {i} is the identifier, {s} the secret.</summary>
    public static readonly (string Name, string Template)[] GitleaksContexts =
    [
        ("ini - quoted1", "{i}Token=\"{s}\""),
        ("ini - quoted2", "{i}Token = \"{s}\""),
        ("ini - unquoted1", "{i}Token={s}"),
        ("ini - unquoted2", "{i}Token = {s}"),
        ("json - string", "{\n    \"{i}_token\": \"{s}\"\n}"),
        ("json - escaped string", "\\{\n    \\\"{i}_token\\\": \\\"{s}\\\"\n\\}"),
        ("xml - element", "<{i}Token>{s}</{i}Token>"),
        ("xml - element multiline", "<{i}Token>\n    {s}\n</{i}Token>"),
        ("yaml - singleline - unquoted", "{i}_token: {s}"),
        ("yaml - singleline - single quote", "{i}_token: '{s}'"),
        ("yaml - singleline - double quote", "{i}_token: \"{s}\""),
        ("yaml - multiline - literal", "{i}_token: |\n  {s}"),
        ("yaml - multiline - folding", "{i}_token: >\n  {s}"),
        ("C#", "string {i}Token = \"{s}\";"),
        ("go - normal", "var {i}Token string = \"{s}\""),
        ("go - short", "{i}Token := \"{s}\""),
        ("go - backticks", "{i}Token := `{s}`"),
        ("java", "String {i}Token = \"{s}\";"),
        ("kotlin - notype", "var {i}Token = \"{s}\""),
        ("php - string concat", "${i}Token .= \"{s}\""),
        ("python - single quote", "{i}Token = '{s}'"),
        ("python - double quote", "{i}Token = \"{s}\""),
        ("csv - unquoted", "{i}Token,{s},"),
        ("logstash", "  \"{i}Token\" => \"{s}\""),
        ("make - recursive assignment", "{i}_TOKEN = \"{s}\""),
        ("make - simple assignment", "{i}_TOKEN := \"{s}\""),
        ("make - shell assignment", "{i}_TOKEN ::= \"{s}\""),
        ("make - evaluated shell assignment", "{i}_TOKEN :::= \"{s}\""),
        ("make - conditional assignment", "{i}_TOKEN ?= \"{s}\""),
        ("make - append", "{i}_TOKEN += \"{s}\""),
        ("GenerateSampleSecret", "{i}_api_token = \"{s}\""),
    ];

    /// <summary>The contexts of trufflehog's detector pattern tests, with the file each comes from.</summary>
    public static readonly (string Name, string Template)[] TrufflehogContexts =
    [
        ("debug log (algoliaadminkey_test.go)", "[INFO] Sending request to the API\n[DEBUG] Using {i} Key={s}\n[INFO] Response received: 200 OK\n"),
        ("keyword token - (paypaloauth_test.go)", "{i} token - '{s}'\n"),
        ("prose (twilio_test.go)", "You can find a {i} secret {s} within the config\n"),
        ("jenkins xml (algoliaadminkey_test.go)", "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  <scope>GLOBAL</scope>\n  <secret>{{i} AQAAABAAA {s}}</secret>\n  <description>configuration for production</description>\n</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"),
        ("yaml config (datadogtoken_test.go)", "# {i} Configuration File: config.yaml\napi:\n  auth_type: \"API-Key\"\n  in: \"Header\"\n  {i}_app: \"{s}\"\n  base_url: \"https://api.example.com/v1/example\"\n"),
        ("keyword token = (tallyfy_test.go, square_test.go)", "{i} token = '{s}'\n"),
        ("keyword quoted value (instamojo_test.go)", "{i} '{s}'\n"),
        ("keyword then value (jiratoken_test.go)", "{i} {s}          \n"),
        ("test_secrets json (github_test.go)", "[{\n  \"name\": \"{i}\",\n  \"type\": \"Detector\",\n  \"test_secrets\": {\n    \"{i}_secret\": \"{s}\"\n  }\n}]"),
    ];

    public static IEnumerable<PositiveSample> Gitleaks() => RuleSamples("gitleaks", GitleaksContexts, Seed)
        .Concat(Hand(ScannerHandSamples.Gitleaks, Seed + 1));

    public static IEnumerable<PositiveSample> Trufflehog() => RuleSamples("trufflehog", TrufflehogContexts, Seed + 2)
        .Concat(Hand(ScannerHandSamples.Trufflehog, Seed + 3));

    public static IEnumerable<PositiveSample> DetectSecrets() => Hand(ScannerHandSamples.DetectSecrets, Seed + 4);

    public static IEnumerable<PositiveSample> NoseyParker() => Hand(NoseyParkerRuleSamples.Positives, Seed + 5);

    public static IEnumerable<PositiveSample> Kingfisher() => Hand(KingfisherRuleSamples.Positives, Seed + 6);

    /// <summary>Round 36's sources (<see cref="Round36Samples"/>): microsoft/security-utilities, unread kingfisher rules, trufflehog detector tests, ripsecrets.</summary>
    public static IEnumerable<PositiveSample> Round36() => Hand(Round36Samples.All, Seed + 7);

    /// <summary>Round 36b's sources (<see cref="Round36bSamples"/>): older kingfisher rules, talisman, git-secrets, detect-secrets and gitleaks test data, ggshield, semgrep, whole configuration files.</summary>
    public static IEnumerable<PositiveSample> Round36b() => Hand(Round36bSamples.All, Seed + 8);

    /// <summary>Round 36c's source (<see cref="Round36cSamples"/>): trufflehog's detector pattern tests of providers no earlier round read.</summary>
    public static IEnumerable<PositiveSample> Round36c() => Hand(Round36cSamples.All, Seed + 9);

    public static IEnumerable<PositiveSample> All() =>
        Gitleaks().Concat(Trufflehog()).Concat(DetectSecrets()).Concat(NoseyParker()).Concat(Kingfisher()).Concat(Round36()).Concat(Round36b()).Concat(Round36c());

    private static IEnumerable<PositiveSample> RuleSamples(string source, (string Name, string Template)[] contexts, int seed)
    {
        var random = new Random(seed);
        foreach (var (rule, identifier, shape) in GitleaksRuleSamples.Rules)
        {
            foreach (var (name, template) in contexts)
            {
                var secret = ProviderFormatSamples.Generate(shape, random);
                var text = template.Replace("{i}", identifier, StringComparison.Ordinal).Replace("{s}", secret, StringComparison.Ordinal);
                yield return new PositiveSample($"{source}:{rule}", name, text, [secret]);
            }
        }
    }

    private static IEnumerable<PositiveSample> Hand(IEnumerable<(string Source, string Kind, string Template)> samples, int seed)
    {
        var random = new Random(seed);
        foreach (var (source, kind, template) in samples)
        {
            var (text, secrets) = Fill(template, random);
            yield return new PositiveSample(kind, source, text, secrets);
        }
    }

    /// <summary>Fills «n:class» from <paramref name="random"/> and returns the text with the ⟦…⟧ parts as its secrets.</summary>
    public static (string Text, IReadOnlyList<string> Secrets) Fill(string template, Random random)
    {
        var text = new StringBuilder();
        var secrets = new List<string>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('⟦', at);
            if (open < 0)
            {
                text.Append(ProviderFormatSamples.Generate(template[at..], random));
                break;
            }

            var close = template.IndexOf('⟧', open);
            text.Append(ProviderFormatSamples.Generate(template[at..open], random));
            var secret = ProviderFormatSamples.Generate(template[(open + 1)..close], random);
            secrets.Add(secret);
            text.Append(secret);
            at = close + 1;
        }

        return (text.ToString(), secrets);
    }
}
