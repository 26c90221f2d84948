using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using Tomlyn;
using Tomlyn.Model;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Reads the operator's gitleaks-style rules file (ORCH_REDACTION_RULES): <c>[[rules]]</c> with <c>id</c>,
/// <c>regex</c> (Go syntax accepted), optional <c>secretGroup</c>, <c>keywords</c>, <c>entropy</c> and
/// <c>[rules.allowlist]</c> / <c>[[rules.allowlists]]</c> (<c>regexes</c>, <c>stopwords</c>, <c>regexTarget</c>), plus the
/// global <c>[allowlist]</c> / <c>[[allowlists]]</c>. Other gitleaks keys (description, tags, path, [extend]) are
/// accepted and ignored. Anything unreadable or invalid throws the ORCH_REDACTION_RULES configuration error, so a
/// broken file stops start-up instead of silently redacting less.
/// </summary>
internal static class RedactionRulesFile
{
    public const string Variable = "ORCH_REDACTION_RULES";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(BuiltInPatterns.TimeoutMilliseconds);

    public static RedactionRuleSet Load(string path)
    {
        try
        {
            var text = ReadFile(path);
            var document = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
            var rules = new List<RedactionRule>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            if (document.TryGetValue("rules", out var value) && value is not TomlTableArray)
            {
                throw new InvalidDataException("'rules' must be an array of tables ([[rules]])");
            }

            var tables = value as TomlTableArray ?? [];
            for (var i = 0; i < tables.Count; i++)
            {
                var rule = ParseRule(tables[i], i + 1);
                if (!ids.Add(rule.Id))
                {
                    throw new InvalidDataException($"rule {i + 1}: the id '{rule.Id}' is used twice");
                }

                rules.Add(rule);
            }

            var allowlists = ParseAllowlists(document, "the global allowlist", global: true);
            return new RedactionRuleSet(rules, allowlists, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
        catch (TomlException ex)
        {
            throw Invalid($"{path} is not valid TOML: {OneLine(ex.Message)}");
        }
        catch (InvalidDataException ex)
        {
            throw Invalid($"in {path}, {ex.Message}");
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
#pragma warning disable RS0030 // owner: the redaction rules file owner (ORCH_REDACTION_RULES, operator-chosen)
            return File.ReadAllText(path);
#pragma warning restore RS0030
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Invalid($"{path} cannot be read: {OneLine(ex.Message)}");
        }
    }

    private static RegexRedactionRule ParseRule(TomlTable table, int number)
    {
        var id = TomlFields.RequiredString(table, "id", $"rule {number}");
        var where = $"rule {number} ('{id}')";
        var regex = Compile(TomlFields.RequiredString(table, "regex", where), $"{where} 'regex'");
        var groups = regex.GetGroupNumbers().Length - 1;
        var secretGroup = TomlFields.OptionalInteger(table, "secretGroup", where) ?? 0;
        if (secretGroup < 0 || secretGroup > groups)
        {
            throw new InvalidDataException($"{where}: 'secretGroup' is {secretGroup} but the regex has {groups} capture group(s)");
        }

        // As in gitleaks: without a secretGroup, a regex with exactly one capture group redacts that group.
        var group = secretGroup == 0 && groups == 1 ? 1 : (int)secretGroup;
        var entropy = TomlFields.OptionalNumber(table, "entropy", where);
        if (entropy is < 0 or > 16)
        {
            throw new InvalidDataException($"{where}: 'entropy' must be between 0 and 16 bits per character");
        }

        var keywords = TomlFields.StringArray(table, "keywords", where);
        return new RegexRedactionRule(id, keywords, regex, group, entropy, ParseAllowlists(table, where, global: false));
    }

    private static List<RedactionAllowlist> ParseAllowlists(TomlTable owner, string where, bool global)
    {
        var result = new List<RedactionAllowlist>();
        foreach (var table in TomlFields.Tables(owner, "allowlist", "allowlists", where))
        {
            var regexes = TomlFields.StringArray(table, "regexes", where).Select(r => Compile(r, $"{where} allowlist regex")).ToList();
            var stopwords = TomlFields.StringArray(table, "stopwords", where);
            var target = (TomlFields.OptionalString(table, "regexTarget", where) ?? "secret").ToUpperInvariant() switch
            {
                "SECRET" => AllowlistTarget.Secret,
                "MATCH" => AllowlistTarget.Match,
                "LINE" => AllowlistTarget.Line,
                _ => throw new InvalidDataException($"{where}: allowlist 'regexTarget' must be secret, match or line"),
            };
            var condition = (TomlFields.OptionalString(table, "condition", where) ?? "OR").ToUpperInvariant();
            if (condition is not ("OR" or "AND"))
            {
                throw new InvalidDataException($"{where}: allowlist 'condition' must be OR or AND");
            }

            var needsPath = TomlFields.StringArray(table, "paths", where).Count > 0 || TomlFields.StringArray(table, "commits", where).Count > 0;
            if ((condition == "AND" && needsPath) || (regexes.Count == 0 && stopwords.Count == 0))
            {
                // SECURITY: redaction sees text, not paths or commits; an entry that needs one never exempts anything.
                continue;
            }

            var targetRules = global ? TomlFields.StringArray(table, "targetRules", where) : [];
            result.Add(new RedactionAllowlist(regexes, stopwords, target, targetRules.Count == 0 ? null : targetRules.ToHashSet(StringComparer.Ordinal)));
        }

        return result;
    }

    private static Regex Compile(string pattern, string where)
    {
        try
        {
            // SECURITY: linear time - the rules file is operator input run on attacker text, so it gets the
            // non-backtracking engine (RE2 syntax has no look-arounds or backreferences, so every valid rule compiles).
            return new Regex(GoRegexSyntax.ToDotNet(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"{where} does not compile with the linear-time regex engine (RegexOptions.NonBacktracking): {OneLine(ex.Message)}");
        }
    }

    private static Microsoft.Extensions.Options.OptionsValidationException Invalid(string problem) =>
        OrchestratorOptionsBinder.Invalid(Variable, $"a readable gitleaks-style TOML file of [[rules]] with an id and a regex ({problem})");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
