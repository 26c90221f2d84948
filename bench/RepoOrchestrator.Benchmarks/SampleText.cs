using System.Text;

namespace RepoOrchestrator.Benchmarks;

/// <summary>Deterministic source text shaped like the load benchmark's corpus: indented code, comments, identifiers.</summary>
internal static class SampleText
{
    private static readonly string[] Words =
        ("user account order item cache config handler request response buffer stream parser session client server " +
         "route index value result error status count limit offset page query filter sort name path file line table " +
         "record event message queue worker task job retry timeout context logger metric trace span batch chunk")
        .Split(' ');

    /// <summary><paramref name="lines"/> lines of Python-like code without secrets (identifiers such as `tokenizer` included).</summary>
    public static string Clean(int lines, int seed = 42)
    {
        var rng = new Random(seed);
        var builder = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var indent = new string(' ', 4 * rng.Next(0, 3));
            var line = rng.Next(6) switch
            {
                0 => $"# {Word(rng)} {Word(rng)} {Word(rng)} {Word(rng)} {Word(rng)} {Word(rng)}",
                1 => $"def {Word(rng)}_{Word(rng)}({Word(rng)}, {Word(rng)}):",
                2 => $"{indent}{Word(rng)} = self.{Word(rng)}({Word(rng)}, retries={rng.Next(100)})",
                3 => $"{indent}if {Word(rng)} is None: return {Word(rng)}_tokenizer",
                4 => $"{indent}logger.debug(\"{Word(rng)} %s {Word(rng)}\", {Word(rng)}.{Word(rng)})",
                _ => $"{indent}for {Word(rng)} in {Word(rng)}.{Word(rng)}_items(limit={rng.Next(1000)}):",
            };
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The same text with a secret of a different kind on every tenth line.</summary>
    public static string WithSecrets(int lines, int seed = 42)
    {
        string[] secrets =
        [
            "aws_secret_access_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
            "AWS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "github = \"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\"",
            "client_secret: 'q8Zr-2vLx_91KdPw'",
            "DATABASE_URL = \"postgres://app:s3cr3tPassw0rd@db.internal:5432/app\"",
            "headers = {\"Authorization\": \"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk\"}",
            "openai_key = \"sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56\"",
            "blob = \"Zm9vYmFyYmF6cXV4UXdlcnR5VWlvcEFzZGZHaGprbA9xY3Zi\"",
        ];
        var clean = Clean(lines, seed).Split('\n');
        var builder = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            builder.Append(i % 10 == 5 ? "    " + secrets[i / 10 % secrets.Length] : clean[i]).Append('\n');
        }

        return builder.ToString();
    }

    private static string Word(Random rng) => Words[rng.Next(Words.Length)];
}
