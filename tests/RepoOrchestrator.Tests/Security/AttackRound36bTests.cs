using System.Net;
using System.Security.Cryptography;
using System.Text;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Attack round 36b (read paths, part 2): each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AttackRound36bTests
{
    // A made-up password value: no rule catches it on its own, only the name before it makes it a secret.
    private const string Value = "Zq8vLm2xPw9rTn4k";

    /// <summary>
    /// Every history endpoint resolves its ref with `rev-parse --verify --quiet name^{commit}`. A name that resolves to no
    /// object exits 1 silently (400 "not a commit"), but one that names an existing blob or tree (a full id, a 7-hex
    /// prefix, `id~1`) exits 1 with "expected commit type" on stderr, which the service answered 409 "git cannot read
    /// the repository" — unaudited. So the status told whether an object with that id exists: an agent reads the rest
    /// of a redacted file (/file or /git/show; /tree gives its exact size), hashes `blob &lt;size&gt;\0&lt;file with a
    /// guess&gt;` for each guess, and the one guess answered 409 is the value — the blob-id oracle round 36 closed in the
    /// patch's `index` line, asked online instead. Expected: a name that gives no commit is answered the same whatever
    /// it names.
    /// </summary>
    [Fact]
    public async Task Ref_NamingAnExistingBlobOrTree_IsAnsweredAsANameOfNothing()
    {
        await using var app = new OrchestratorApp();
        string Config(string value) => $"db:\n  password: {value}\n  port: 5432\n";
        var repo = await app.RepoWith(("config.yml", Config(Value)), ("main.c", "int x;\n"));
        var right = BlobId(Config(Value));
        var wrong = BlobId(Config("Zq8vLm2xPw9rTn4j"));
        Assert.Equal(repo.Git("rev-parse", "HEAD:config.yml").Trim(), right); // the agent's hash is git's id
        var tree = repo.Git("rev-parse", "HEAD^{tree}").Trim();
        using var client = app.CreateClient(TestRole.Actions);

        var served = await (await client.Get("/git/show?path=config.yml")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Value, served, StringComparison.Ordinal);
        foreach (var (existing, absent) in new[] { (right, wrong), (right[..7], wrong[..7]), (right + "~1", wrong + "~1"), (tree, wrong) })
        {
            foreach (var url in new[] { "/git/show?ref={0}", "/git/show?ref={0}&path=main.c", "/git/blame?path=main.c&ref={0}", "/git/log?ref={0}", "/diff?base={0}&head=HEAD" })
            {
                var (existingStatus, existingDetail) = await Answer(client, url, existing);
                var (absentStatus, absentDetail) = await Answer(client, url, absent);

                Assert.Equal(HttpStatusCode.BadRequest, absentStatus);
                Assert.Equal(absentStatus, existingStatus);
                Assert.Equal(absentDetail, existingDetail);
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Detail)> Answer(HttpClient client, string url, string name)
    {
        using var response = await client.Get(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Uri.EscapeDataString(name)));
        return (response.StatusCode, (await response.Detail()).Replace(name, "<name>", StringComparison.Ordinal));
    }

    // What an agent computes for a guess: git's id of a blob holding exactly these bytes.
    private static string BlobId(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5350 // git's object id is SHA-1: the attack computes exactly that
        return Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
#pragma warning restore CA5350
    }
}
