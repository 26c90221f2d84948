using System.Buffers;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// Values assigned to secret names in code and config: the name must END with a secret word as a whole name part
/// (password, passwd, passphrase, passcode, pass, pwd, secret, token, mnemonic, credential(s), creds, or a key qualified as api/private/secret/
/// signing/encryption/master/app/auth/secret-access key), so client_secret, DB_PASSWORD, githubToken, ETSYToken and
/// "api-key" count and tokenizer, bypass, token_type, password_hash, cache_key and package paths (@octokit/auth-token) do
/// not. Names written as one word in one case (dbpassword, SLAPIKEY, theapikey) count for the long secret words. An
/// unqualified key ("key", dict_key, ROOT_KEY) counts only with a generated value (<see cref="AddGeneratedKeyValue"/>).
/// The value after the operator (<see cref="BuiltInPatterns.AssignmentTail"/>) is judged by
/// <see cref="AssignmentValueFilter"/>; values that go on past their line (YAML block scalars and lists, backslash
/// continuations, connection-string values with blanks) are handled by <see cref="MultiLineValue"/>. Hand-written
/// around a keyword search because a regex that starts with a case-insensitive word list is tried at almost every
/// letter of a text.
/// </summary>
internal sealed class SecretAssignmentRule() : RedactionRule(RuleId, Words)
{
    public const string RuleId = "secret-assignment";

    private const int TailWindow = 1100;

    private static readonly string[] Words = ["secret", "pass", "pwd", "token", "credential", "creds", "key", "mnemonic"];
    private static readonly SearchValues<char> NameLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");
    // Named arguments whose literal is the setting's value: env("DB_PASSWORD", default="…"), SecretStr(value="…").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ValueArguments = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "default", "default_value", "defaultValue", "value", "fallback", "initial", "initial_value", "initialValue",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> DottedNameLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.");
    // Elements whose name or key attribute names the setting in their text: Spring/Hibernate <property>, <entry> of maps
    // and properties files in XML, Android's <string name="…">, <item>, <setting>, <add>, <env>, <prop>.
    private static readonly HashSet<string> SettingElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "property", "entry", "string", "item", "setting", "add", "env", "prop", "value", "parameter", "variable",
    };

    // A blank-separated value holds none of these: CancellationToken ct) is a parameter, not a setting.
    // The one word a blank-separated setting may follow when it is no directive: a provider's or qualifier's name.
    private static readonly SearchValues<char> QualifierWordChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> BlankValueStops = SearchValues.Create("()[]{};,<>\"'`");

    // A line's directive before a blank-separated setting: Dockerfile ENV, csh setenv, Apache SetEnv, fish set -x.
    private static readonly HashSet<string> Directives = new(StringComparer.OrdinalIgnoreCase) { "ENV", "setenv", "set -x", "set -gx", "set -Ux", "set" };

    // Fields whose value names a setting that a value field beside them holds (Kubernetes and ECS env, CloudFormation
    // parameters, SSM parameters).
    private static readonly string[] FieldNames = ["name", "parameterkey", "key"];
    private static readonly SearchValues<char> KeyStarts = SearchValues.Create("vVdDpP");

    // secret_key_base (Rails), SECRET_KEY_BASE: the name of the value itself.
    private static readonly string[] ValueSuffixes = ["_string", "_value", "_base", "_STRING", "_VALUE", "_BASE", "String", "Value", "Base"];

    private static readonly SearchValues<char> AttributeNameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:.-");
    private static readonly SearchValues<string> WordSearch = SearchValues.Create(Words, StringComparison.OrdinalIgnoreCase);

    // The catalog's provider names that are one word of letters (slack, github, gitlab, stripe…), compared ignoring case.
    private static readonly HashSet<string> ProviderNames = new(
        ProviderCatalog.Formats.Select(f => f.Provider.ToLowerInvariant()).Where(p => p.Length >= 3 && p.All(char.IsAsciiLetterLower)),
        StringComparer.OrdinalIgnoreCase);

    private static readonly string[] KeyQualifiers =
    [
        "secret_access_", "secret-access-", "secretaccess", "api_", "api-", "api", "private_", "private-", "private",
        "secret_", "secret-", "secret", "signing_", "signing-", "signing", "encryption_", "encryption-", "encryption",
        "master_", "master-", "master", "app_", "app-", "app", "auth_", "auth-", "auth", "jwt_", "jwt-", "jwt",
        "license_", "license-", "license",
    ];

    public override void Find(string text, ref SecretSink sink)
    {
        var offset = 0;
        var unclosedHeredoc = int.MaxValue; // where a heredoc found no closing line to the end (MultiLineValue.TryHeredoc)
        while (offset < text.Length)
        {
            var hit = text.AsSpan(offset).IndexOfAny(WordSearch);
            if (hit < 0)
            {
                return;
            }

            var at = offset + hit;
            offset = at + 1;
            sink.Charge(); // SECURITY: every keyword hit inspected counts, whether or not it turns out to be a name
            if (!TryName(text, at, out var nameStart, out var nameEnd, out var plural, out var bareKey))
            {
                continue;
            }

            if (bareKey)
            {
                AddGeneratedKeyValue(text, nameStart, nameEnd, ref sink); // "key": "…", ROOT_KEY=…: only a generated value
                continue;
            }

            if (TableColumn.TryAdd(text, nameStart, nameEnd, Id, ref sink))
            {
                continue; // a header's column: its values are in the rows below
            }

            if (!plural && TryDefaultInBlock(text, nameStart, nameEnd, ref sink))
            {
                continue; // a parameter's mapping with its Default: no block value
            }

            if (MultiLineValue.TryYamlBlock(text, nameStart, nameEnd, Id, ref sink, out var blockEnd))
            {
                offset = Math.Max(offset, blockEnd); // past a block taken whole; inside one that was not
                continue;
            }

            if (plural)
            {
                AddArrayItems(text, nameEnd, ref sink); // "passwords": ["…", "…"]
                continue;
            }

            if (TryBlankSeparated(text, nameStart, nameEnd, ref sink) || TryNamedValue(text, nameStart, nameEnd, ref sink)
                || TrySetterCall(text, nameStart, nameEnd, ref sink) || TryKeywordEntry(text, nameStart, nameEnd, ref sink))
            {
                continue;
            }

            if (!OperatorFollows(text, nameEnd))
            {
                continue;
            }

            if (MultiLineValue.TryHeredoc(text, nameEnd, Id, nameStart, ref sink, ref unclosedHeredoc, out var heredocEnd))
            {
                offset = Math.Max(offset, heredocEnd); // password = <<EOF … EOF, read once
                continue;
            }

            sink.Charge(); // SECURITY: budget; and the value is read in a bounded window, never to the end of the text
            MultiLineValue.AddFallbacks(text, nameEnd, Id, ref sink); // {{ x | default('…') }}, ${X:-…}: whatever the value is judged to be
            if (IsOptionName(text, nameStart))
            {
                FindOptionValue(text, nameStart, nameEnd, ref sink);
                continue;
            }

            if (!TailCanStart(text, nameEnd))
            {
                continue; // the expression would fail here ("token tokenizer"): same answer and charge, no regex call
            }

            var tail = BuiltInPatterns.AssignmentTail().Match(text, nameEnd, Math.Min(TailWindow, text.Length - nameEnd));
            var value = tail.Groups["secret"];
            if (tail.Success && tail.Groups["op"] is { Success: true, Value: not "," } op)
            {
                AddJoinedLiterals(text, op.Index + op.Length, ref sink); // "…" + "…", x ?? "…", c ? "…" : "…"
            }

            if (tail.Success && ValueArgumentLiteral(text, value.Index, value.Length) is { } literal)
            {
                // SECURITY: env("DB_PASSWORD", default="…"), Field(default="…"): the bare text before the quote is an
                // argument's name; taken as the value, it was redacted and the literal after it served. The literal is the
                // value when the argument is one that holds it (default, value, fallback). Any other bare text ending in
                // '=' before a quote is judged below as before: help="…" and label="…" are text the filter leaves, and a
                // value of letters with one '=' of base64 padding that ends a quoted connection string or URL is the value.
                if (literal.Length > 0 && AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, literal.Start, literal.Length))
                {
                    sink.Add(Id, text, literal.Start, literal.Length, nameStart, literal.Start + literal.Length - nameStart);
                }

                continue;
            }

            if ((!tail.Success || value.Length == 0 || value.ValueSpan is "\\") && QuotesMatch(text, nameStart, nameEnd)
                && (MultiLineValue.TryValueAcrossLines(text, nameEnd, Id, nameStart, ref sink)
                    || MultiLineValue.TryIniContinuation(text, nameStart, nameEnd, Id, ref sink)))
            {
                continue; // a quoted value closed on a later line, a triple-quoted one, a value on the line after a backslash,
                          // an INI value continued on the indented lines below its name
            }

            if (!tail.Success || value.Length == 0 || !CommaAllowed(text, nameStart, nameEnd, tail.Groups["op"].ValueSpan, value)
                || !QuotesMatch(text, nameStart, nameEnd) || (!tail.Groups["op"].Success && text.AsSpan(nameEnd, value.Index - nameEnd).Contains('>') && !IsElementName(text, nameStart)))
            {
                continue;
            }

            var (valueStart, valueLength) = MultiLineValue.Widen(text, value.Index, value.Length, tail.Groups["op"].ValueSpan);
            if (!AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, valueStart, valueLength))
            {
                continue;
            }

            MultiLineValue.AddPerLine(text, valueStart, valueLength, Id, nameStart, tail.Index + tail.Length - nameStart, ref sink); // "abc\⏎def" keeps its two lines
            MultiLineValue.AddContinuations(text, valueStart + valueLength, Id, ref sink); // SECURITY: the scan goes on from the name, not past the continued lines
        }
    }

    // db.password s3cr3t-1, ENV DB_PASSWORD …, setenv DB_PASSWORD …, AuthLDAPBindPassword …: a setting whose name starts
    // its line (after one directive word) and whose value is the one word after a blank, to the end of the line. The
    // value must look generated (a digit or a symbol, not a word): a line of prose ("Password reset") is not a setting.
    // After one other word (bugsnag secret …, acme private-key …: a provider or qualifier, the form scanners' rules
    // and their tests use) the value must be a generated run (<see cref="IsGeneratedRun"/>).
    private bool TryBlankSeparated(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        if (nameEnd >= text.Length || text[nameEnd] is not (' ' or '\t'))
        {
            return false;
        }

        var start = FullNameStart(text, nameStart);
        var from = Math.Max(0, start - 24); // bounded: only a directive may come before the name
        var before = text.AsSpan(from, start - from);
        var newline = before.LastIndexOf('\n');
        if (newline < 0 && from > 0)
        {
            return false;
        }

        before = before[(newline + 1)..].Trim(" \t");
        var qualified = !before.IsEmpty && !Directives.Contains(before.ToString());
        if (qualified && (!char.IsAsciiLetter(before[0]) || before.ContainsAnyExcept(QualifierWordChars)))
        {
            return false;
        }

        var valueStart = MultiLineValue.SkipBlanks(text, nameEnd);

        // Gradle's storePassword "…" and other method calls without parentheses: one quoted literal, the line's last word.
        var quote = valueStart < text.Length && text[valueStart] is '"' or '\'' ? text[valueStart] : '\0';
        valueStart += quote == '\0' ? 0 : 1;
        var length = text.AsSpan(valueStart, Math.Min(text.Length - valueStart, TailWindow)).IndexOfAny(" \t\r\n");
        var valueEnd = length < 0 ? Math.Min(text.Length, valueStart + TailWindow) : valueStart + length;
        if (quote != '\0')
        {
            if (valueEnd == valueStart || text[valueEnd - 1] != quote)
            {
                return false;
            }

            valueEnd--; // the closing quote is not part of the value, and no blank may come before it
        }

        var after = valueEnd + (quote == '\0' ? 0 : 1);
        var rest = text.AsSpan(after, Math.Min(text.Length - after, 64));
        var lineEnd = rest.IndexOf('\n');
        var endsLine = lineEnd >= 0 ? rest[..lineEnd].IsWhiteSpace() : after + rest.Length == text.Length && rest.IsWhiteSpace();
        if (valueEnd == valueStart || !endsLine)
        {
            return false;
        }

        var value = text.AsSpan(valueStart, valueEnd - valueStart);
        if (!value.ContainsAnyExcept(NameLetters) || value.ContainsAny(BlankValueStops) || WordLikeness.IsWordLike(value)
            || !AssignmentValueFilter.IsListValueSecret(value, quoted: quote != '\0') || (qualified && !IsGeneratedRun(value)))
        {
            return false;
        }

        sink.Add(Id, text, valueStart, valueEnd - valueStart, start, valueEnd - start); // SECURITY: a blank-separated setting
        return true;
    }

    // - name: DB_PASSWORD / value: …, {"name": "DB_PASSWORD", "value": "…"}, ParameterKey/ParameterValue, and
    // variable "db_password" { default = "…" }, and a call's first argument with a default argument after it (Python's
    // add_argument, .NET's ConfigurationProperty): the secret name is itself a value (of a name or key field, a block's
    // label, or a call's first argument) and the secret sits under a generic key on the same line or the next few. The first such key after the
    // name is judged as if the name were its own.
    private bool TryNamedValue(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        var start = FullNameStart(text, nameStart);
        var open = start > 0 && text[start - 1] is '"' or '\'' ? 1 : 0;
        var close = nameEnd < text.Length && text[nameEnd] is '"' or '\'' ? 1 : 0;
        if (open != close)
        {
            return false;
        }

        var from = Math.Max(0, start - open - 40);
        var before = text.AsSpan(from, start - open - from).TrimEnd(" \t");
        string[] keys;
        int lines;
        var call = false;
        if (open == 1 && EndsWithWord(before, "variable"))
        {
            (keys, lines) = (["default"], 6); // Terraform: variable "db_password" { … default = "…" }
        }
        else if (!before.IsEmpty && before[^1] is ':' or '=' && EndsWithFieldName(before[..^1].TrimEnd(" \t\"'")))
        {
            (keys, lines) = (["value", "parametervalue"], 2);
        }
        else if (open == 1 && !before.IsEmpty && before[^1] == '(')
        {
            // argparse's add_argument, .NET's ConfigurationProperty and CommandLineParser's Option attributes: a call's
            // first argument names the setting, its default (or DefaultValue) argument holds its value
            (keys, lines, call) = (["default", "defaultvalue"], 0, true);
        }
        else
        {
            return false;
        }

        sink.Charge(); // SECURITY: budget; the keys are looked for in a bounded window
        var windowEnd = Math.Min(text.Length, nameEnd + 512);
        var lineEnd = nameEnd;
        for (var l = 0; l <= lines && lineEnd < windowEnd; l++)
        {
            lineEnd = Math.Min(windowEnd, LineBounds.End(text, lineEnd) + 1);
        }

        if (!call)
        {
            return ValueUnderKeys(text, start, nameEnd, lineEnd, keys, ref sink);
        }

        // SECURITY: only the call's own default argument, never one of a later call or comment on the line; and the
        // call's second argument is still read as the name's value (setProperty("db.password", "…"), conf.put("password",
        // "…", default=…)): taking the default ended the scan there, and that value was served.
        ValueUnderKeys(text, start, nameEnd, CallEnd(text, nameEnd + close, lineEnd), keys, ref sink);
        return false;
    }

    // Where the call whose arguments run from `from` ends: its closing parenthesis (quoted text and nested calls skipped),
    // the end of the line, or `limit`.
    private static int CallEnd(string text, int from, int limit)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = from; i < limit; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                return i;
            }

            if (quote != '\0')
            {
                i += c == '\\' ? 1 : 0;
                quote = c == quote ? '\0' : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}' when depth == 0:
                    return i;
                case ')' or ']' or '}':
                    depth--;
                    break;
            }
        }

        return limit;
    }

    // The start of the line after a YAML key with nothing after its colon (name: at the end of its line), or 0.
    private static int BlockKeyEnd(string text, int afterName)
    {
        if (afterName >= text.Length || text[afterName] != ':')
        {
            return 0;
        }

        var lineEnd = text.AsSpan(afterName + 1, Math.Min(64, text.Length - afterName - 1)).IndexOf('\n');
        return lineEnd >= 0 && text.AsSpan(afterName + 1, lineEnd).IsWhiteSpace() ? afterName + 2 + lineEnd : 0;
    }

    // CloudFormation: DBPassword: (then, indented below it) Type: String, Default: …: a Default key among the lines
    // indented under the secret name's key (at most 12 lines, stopping at the first line indented no deeper than the
    // name's) holds the secret.
    private bool TryDefaultInBlock(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        var close = nameEnd < text.Length && text[nameEnd] is '"' or '\'' ? 1 : 0;
        return BlockKeyEnd(text, nameEnd + close) is > 0 and var blockStart && DefaultInBlock(text, FullNameStart(text, nameStart), blockStart, ref sink);
    }

    private bool DefaultInBlock(string text, int nameLineStart, int blockStart, ref SecretSink sink)
    {
        var lineStart = text.AsSpan(0, nameLineStart).LastIndexOf('\n') + 1;
        var nameIndent = MultiLineValue.SkipBlanks(text, lineStart) - lineStart;
        var end = blockStart;
        for (var l = 0; l < 12 && end < text.Length; l++)
        {
            sink.Charge(); // SECURITY: every line read counts against the redaction budget
            var indent = MultiLineValue.SkipBlanks(text, end) - end;
            var next = LineBounds.End(text, end);
            if (indent <= nameIndent && !text.AsSpan(end, next - end).IsWhiteSpace())
            {
                break; // the next key of the name's level: its own Default is not this one's
            }

            end = Math.Min(text.Length, next + 1);
        }

        return ValueUnderKeys(text, nameLineStart, blockStart, end, ["default"], ref sink);
    }

    // The first of keys (a whole word followed by ':' or '=') between nameEnd and lineEnd; its value is added when it is a
    // literal secret.
    private bool ValueUnderKeys(string text, int start, int nameEnd, int lineEnd, string[] keys, ref SecretSink sink)
    {
        for (var at = nameEnd; at < lineEnd;)
        {
            var hit = text.AsSpan(at, lineEnd - at).IndexOfAny(KeyStarts);
            if (hit < 0)
            {
                return false;
            }

            var keyStart = at + hit;
            var keyLength = text.AsSpan(keyStart, lineEnd - keyStart).IndexOfAnyExcept(NameLetters);
            var keyEnd = keyLength < 0 ? lineEnd : keyStart + keyLength;
            at = Math.Max(keyEnd, keyStart + 1);
            if ((keyStart > 0 && char.IsAsciiLetterOrDigit(text[keyStart - 1])) || !IsOneOf(text.AsSpan(keyStart, keyEnd - keyStart), keys))
            {
                continue;
            }

            var tail = BuiltInPatterns.AssignmentTail().Match(text, keyEnd, Math.Min(TailWindow, text.Length - keyEnd));
            var value = tail.Groups["secret"];
            if (!tail.Success || value.Length == 0 || tail.Groups["op"].Value is not (":" or "="))
            {
                continue; // "value" as a word (# value rotated monthly, description: value of…): the key comes later
            }

            if (!AssignmentValueFilter.IsLiteralSecret(text, keyStart, keyEnd, value.Index, value.Length))
            {
                return false;
            }

            sink.Add(Id, text, value.Index, value.Length, start, tail.Index + tail.Length - start); // SECURITY: the value a secret name labels
            return true;
        }

        return false;
    }

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithFieldName(ReadOnlySpan<char> text)
    {
        foreach (var field in FieldNames)
        {
            if (EndsWithWord(text, field))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithWord(ReadOnlySpan<char> text, string word) =>
        text.EndsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !char.IsAsciiLetterOrDigit(text[^(word.Length + 1)]));

    // "passwords": ["…", "…"], api_keys = ['…']: the quoted items of an array assigned to a plural secret name, to its
    // closing bracket (at most 64 lines, every line charged); nested brackets and unquoted items are left alone.
    private void AddArrayItems(string text, int nameEnd, ref SecretSink sink)
    {
        var i = nameEnd < text.Length && text[nameEnd] is '"' or '\'' ? nameEnd + 1 : nameEnd;
        i = MultiLineValue.SkipBlanks(text, i);
        if (i >= text.Length || text[i] is not (':' or '='))
        {
            return;
        }

        i = MultiLineValue.SkipBlanks(text, i + 1);
        if (i >= text.Length || text[i] != '[')
        {
            return;
        }

        var lines = 0;
        for (i++; i < text.Length && lines < 64; i++)
        {
            var c = text[i];
            if (c == ']' || c == '[')
            {
                return;
            }

            if (c == '\n')
            {
                lines++;
                sink.Charge(); // SECURITY: every line read counts against the redaction budget
            }
            else if (c is '"' or '\'')
            {
                var length = QuotedOnItsLine(text, i, i + 1 + TailWindow);
                if (length < 0)
                {
                    return;
                }

                if (length > 0 && AssignmentValueFilter.IsListValueSecret(text.AsSpan(i + 1, length), quoted: true))
                {
                    sink.Add(Id, text, i + 1, length, i, length + 2); // SECURITY: an item of a secret array
                }

                i += length + 1;
            }
        }
    }

    // The length of the string literal opened by the quote at open when it closes on the same line before limit, or -1.
    // SECURITY: a quote after a backslash (\") is a character of the literal, not its end: ending there redacted the part
    // before it and served the rest of the value. Without a close past the escapes, the first quote ends it (a
    // backslash that ends a Windows path: 'C:\dir\').
    private static int QuotedOnItsLine(string text, int open, int limit)
    {
        var quote = text[open];
        var window = text.AsSpan(open + 1, Math.Min(text.Length, limit) - open - 1);
        for (var at = 0; at < window.Length;)
        {
            var hit = window[at..].IndexOfAny(quote, '\n', '\\');
            if (hit < 0 || window[at + hit] == '\n')
            {
                break;
            }

            at += hit;
            if (window[at] == quote)
            {
                return at;
            }

            at += at + 1 < window.Length && window[at + 1] != '\n' ? 2 : 1; // the escaped character
        }

        var length = window.IndexOfAny(quote, '\n');
        return length >= 0 && window[length] == quote ? length : -1;
    }

    // ds.setPassword("…"), .withPassword("…"), builder.password("…"): a setter or builder call whose one argument is a
    // literal. Only set/with before the secret word, or the bare word as a member: getPassword("key"), hash_password("…")
    // and check_token("…") take the name of something, or a value to check.
    private bool TrySetterCall(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        if (nameEnd >= text.Length || text[nameEnd] != '(')
        {
            return false;
        }

        var prefix = AssignmentValueFilter.NameEndingAt(text, nameStart);
        var identifier = nameStart - prefix.Length;
        var setter = prefix.Equals("set", StringComparison.OrdinalIgnoreCase) || prefix.Equals("with", StringComparison.OrdinalIgnoreCase)
            || (prefix.IsEmpty && identifier > 0 && text[identifier - 1] == '.');
        var open = MultiLineValue.SkipBlanks(text, nameEnd + 1);
        if (!setter || open >= text.Length || text[open] is not ('"' or '\''))
        {
            return false;
        }

        var length = QuotedOnItsLine(text, open, open + 513);
        if (length <= 0)
        {
            return false;
        }

        var close = MultiLineValue.SkipBlanks(text, open + 2 + length);
        var value = text.AsSpan(open + 1, length);
        if (close >= text.Length || text[close] != ')' || !AssignmentValueFilter.IsListValueSecret(value, quoted: true))
        {
            return false;
        }

        sink.Add(Id, text, open + 1, length, nameStart, close + 1 - nameStart); // SECURITY: a literal given to a setter
        return true;
    }

    // {:user "bob" :password "…"}, :db-password "…": a map entry whose key is a keyword (Clojure and EDN, Leiningen's
    // project.clj) and whose value is the quoted literal after a blank.
    private bool TryKeywordEntry(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        var start = FullNameStart(text, nameStart);
        if (start == 0 || text[start - 1] != ':' || (start > 1 && !(char.IsWhiteSpace(text[start - 2]) || text[start - 2] is '{' or '(' or '[' or ','))
            || nameEnd >= text.Length || text[nameEnd] is not (' ' or '\t'))
        {
            return false;
        }

        var open = MultiLineValue.SkipBlanks(text, nameEnd);
        if (open >= text.Length || text[open] != '"')
        {
            return false;
        }

        var length = QuotedOnItsLine(text, open, open + 513);
        if (length <= 0 || !AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, open + 1, length))
        {
            return false;
        }

        sink.Add(Id, text, open + 1, length, start - 1, open + 2 + length - (start - 1)); // SECURITY: a keyword map entry
        return true;
    }

    // The string literals a value expression joins with an operator, up to the end of its statement: "…" + "…" (the
    // second half was served), process.env.X ?? "…", cond ? "…" : "…". Only outside brackets (f("name") + x is a call's
    // argument), only literals without a blank (a message such as "Password is required" is not a secret) that are
    // no slug without digits ("not-set"), at most 16.
    private void AddJoinedLiterals(string text, int from, ref SecretSink sink)
    {
        var end = Math.Min(text.Length, from + TailWindow);
        var depth = 0;
        var found = 0;
        var afterOperator = false;
        for (var i = from; i < end && found < 16; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n' or ';' or '#':
                    return;
                case '(' or '[' or '{':
                    depth++;
                    afterOperator = false;
                    continue;
                case ')' or ']' or '}':
                    if (--depth < 0)
                    {
                        return;
                    }

                    afterOperator = false;
                    continue;
                case ',' when depth == 0:
                    return;
                case '+' or '?' or ':' or '|' when depth == 0:
                    afterOperator = true;
                    continue;
                case ' ' or '\t' or '\r':
                    continue;
                case '"' or '\'' when depth == 0:
                    var length = QuotedOnItsLine(text, i, end);
                    if (length < 0)
                    {
                        return;
                    }

                    var literal = text.AsSpan(i + 1, length);
                    // judged as a bare value: a slug without digits (not-set, dev) is a default's name, not a secret
                    if (afterOperator && !literal.ContainsAny(' ', '\t') && AssignmentValueFilter.IsListValueSecret(literal, quoted: false))
                    {
                        sink.Charge(); // SECURITY: budget
                        sink.Add(Id, text, i + 1, length, i, length + 2);
                        found++;
                    }

                    i += length + 1;
                    afterOperator = false;
                    continue;
                default:
                    afterOperator = false;
                    continue;
            }
        }
    }

    // -Password <value>, --db-password <value>: a command-line option whose name is a secret name, its value the next
    // argument (PowerShell parameters, CLI flags). Variables ($pw, %PW%), placeholders and a following option are left.
    private void FindOptionValue(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        var option = BuiltInPatterns.OptionValue().Match(text, nameEnd, Math.Min(TailWindow, text.Length - nameEnd));
        var value = option.Groups["secret"];
        // a URL after the option is the command's target (curl --tlspassword https://…, wget --ask-password https://…)
        if (option.Success && value.Length > 0 && !value.ValueSpan.Contains("://", StringComparison.Ordinal)
            && AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, value.Index, value.Length, argument: true))
        {
            sink.Add(Id, text, value.Index, value.Length, nameStart, option.Index + option.Length - nameStart); // SECURITY: option value
        }
    }

    // The whole name is an option: one or two dashes at the start of a word (not ConvertTo-SecureString, not "- token").
    private static bool IsOptionName(string text, int nameStart)
    {
        var start = FullNameStart(text, nameStart);
        return text[start] == '-' && (start == 0 || char.IsWhiteSpace(text[start - 1]));
    }

    // Cheap check before the regex: after an optional closing quote/bracket and blanks comes an operator
    // (: = > . ? , ) or a word (a Go type, value="…").
    private static bool OperatorFollows(string text, int index)
    {
        var rest = text.AsSpan(index, Math.Min(text.Length - index, 64));
        rest = rest.TrimStart("\\\"']").TrimStart(" \t?!");
        return !rest.IsEmpty && (rest[0] is ':' or '=' or '>' or '<' or '.' or ',' or '+' or '[' or '"' or '\'' || char.IsAsciiLetter(rest[0]));
    }

    // What AssignmentTail needs right after the name, loosened: [\][quote] []] blanks then an operator character (: ? . = !
    // , > +), a quote (x "…";), "is" (the password is '…'), or a Go type after blanks (string, String, str, []byte, SecureString, SecretStr, *T), or ' value=' after a
    // quote. False only where every alternative of the expression fails, so skipping the regex changes no answer.
    internal static bool TailCanStart(string text, int index)
    {
        var i = index;
        if (i + 1 < text.Length && text[i] == '\\' && text[i + 1] == '"')
        {
            i++; // \"name\": \"…\" - JSON written inside a string
        }

        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        if (i < text.Length && text[i] == ']')
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] == '+')
        {
            return text[i + 1] == '='; // += (Make's append); "token + auth" is an expression
        }

        if (i > index && i < text.Length && char.IsAsciiLetter(text[i])
            && (IsAttributeStart(text.AsSpan(i, Math.Min(text.Length - i, 66))) || IsTypedDeclaration(text.AsSpan(i, Math.Min(text.Length - i, 64)))))
        {
            return true; // <password encrypted="false">…, @password NVARCHAR(50) = '…', password As String = "…"
        }

        if (i + 1 < text.Length && text[i] == '<')
        {
            return text[i + 1] is '-' or '/'; // x <- "…" (R), <key>x</key> <string>…</string> (plist)
        }

        return i < text.Length && text[i] is ':' or '?' or '.' or '=' or '!' or ',' or '>' or 'v' or 's' or 'S' or '[' or '*' or '"' or '\'' or 'i';
    }

    // [As ]Type[(n)] = after a name (SQL, VB): a word, an optional size, '=' and not '=='.
    private static bool IsTypedDeclaration(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("as ", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("as\t", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[3..].TrimStart(" \t");
        }

        var word = rest.IndexOfAnyExcept(AttributeNameChars);
        if (word <= 0)
        {
            return false;
        }

        rest = rest[word..];
        if (!rest.IsEmpty && rest[0] == '(')
        {
            var close = rest.IndexOf(')');
            rest = close < 0 ? default : rest[(close + 1)..];
        }

        rest = rest.TrimStart(" \t");
        return rest.Length > 1 && rest[0] == '=' && rest[1] != '=';
    }

    // attr=" or attr=' (an element's attribute after its name).
    private static bool IsAttributeStart(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAnyExcept(AttributeNameChars);
        return end > 0 && end + 1 < rest.Length && rest[end] == '=' && rest[end + 1] is '"' or '\'';
    }

    // The quoted literal after a bare value that is the name of an argument holding a value (default=, Field(value=) and
    // runs into the literal's opening quote; null when the value is not one (help=, label=, or no argument at all).
    private static (int Start, int Length)? ValueArgumentLiteral(string text, int valueStart, int valueLength)
    {
        var end = valueStart + valueLength;
        if (valueLength < 2 || end >= text.Length || text[end - 1] != '=' || text[end] is not ('"' or '\'')
            || valueStart == 0 || text[valueStart - 1] is '"' or '\'' or '`')
        {
            return null;
        }

        var name = text.AsSpan(valueStart, valueLength - 1);
        var call = name.LastIndexOf('(');
        var argument = name[(call + 1)..];
        if (!IsArgumentName(argument) || (call >= 0 && !IsDottedName(name[..call])) || !ValueArguments.Contains(argument))
        {
            return null;
        }

        return (end + 1, Math.Max(0, QuotedOnItsLine(text, end, end + 1 + TailWindow))); // unclosed: nothing to take
    }

    // "name", "…" is an assignment only as the first two arguments of a call: setProperty("X_TOKEN", "…"),
    // os.environ.setdefault("API_KEY", "…"), or as the first two fields of a CSV line (api_token,s3cr3t,); in a list
    // (["password", "email"]) or an argument list (f(token, secret)) it is not.
    private static bool IsArgumentName(ReadOnlySpan<char> name) =>
        !name.IsEmpty && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.ContainsAnyExcept(NameLetters);

    private static bool IsDottedName(ReadOnlySpan<char> name) =>
        !name.IsEmpty && !name.ContainsAnyExcept(DottedNameLetters);

    private static bool CommaAllowed(string text, int nameStart, int nameEnd, ReadOnlySpan<char> op, System.Text.RegularExpressions.Group value)
    {
        if (op is not ",")
        {
            return true;
        }

        if (value.ValueSpan.ContainsAny(' ', '\t'))
        {
            return false; // new Command("token", "Manage tokens"): a description, not a value
        }

        var valueEnd = value.Index + value.Length;
        if (value.ValueSpan.EndsWith('=') && valueEnd < text.Length && text[valueEnd] is '"' or '\'')
        {
            return false; // a keyword argument's name after an option's name (help=, default=): not the option's value
        }

        var before = text.AsSpan(0, nameStart).TrimEnd("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");
        var start = FullNameStart(text, nameStart);
        return (before.Length >= 2 && before[^1] is '"' or '\'' && before[..^1].TrimEnd(" \t").EndsWith('('))
            || (start > 0 && text[start] == '-' && text[start - 1] is '"' or '\'') // ["--password", "…"]: an option, then its value, in an argument list
            || IsCsvFields(text, nameStart, nameEnd, value.Index, value.Length);
    }

    // name,value, at the start of a line with nothing between the fields: a CSV export or a credentials file, not code.
    // The value must look generated (a digit or a symbol, or long and not a word): a header row (token,secret,expires)
    // is names.
    private static bool IsCsvFields(string text, int nameStart, int nameEnd, int valueStart, int valueLength)
    {
        var value = text.AsSpan(valueStart, valueLength);
        if (!value.ContainsAnyExcept(NameLetters) && (value.Length < 16 || WordLikeness.IsWordLike(value)))
        {
            return false;
        }

        var lineStart = FullNameStart(text, nameStart);
        if (lineStart > 0 && text[lineStart - 1] != '\n' || valueStart != nameEnd + 1)
        {
            return false;
        }

        var end = valueStart + valueLength;
        return end == text.Length || text[end] is ',' or '\r' or '\n';
    }

    // The secret word found at `at`, widened to its full form; false unless it ends a name at a name-part boundary.
    // Ordered cheapest first: most mentions of these words in code (TokenStore, tokens, token.Length) fail at once.
    // `plural` is set for passwords/tokens/secrets/keys, which only count with a list or block value on the next lines.
    private static bool TryName(string text, int at, out int start, out int end, out bool plural, out bool bareKey)
    {
        bareKey = false;
        start = at;
        end = at + LengthOfWord(text.AsSpan(at));
        plural = false;
        if (end < text.Length && (text[end] | 0x20) == 's' && (end + 1 == text.Length || !IsNameChar(text[end + 1])))
        {
            plural = true;
            end++;
        }
        else if (end < text.Length && ValueSuffix(text.AsSpan(end)) is > 0 and var suffix)
        {
            end += suffix; // secret_string, tokenValue, SecretString: the secret's value itself
        }
        else if (end < text.Length && NumberSuffix(text.AsSpan(end)) is > 0 and var number)
        {
            end += number; // password1, static_password01, token_2: a numbered secret
        }
        else if (end < text.Length && IsNameChar(text[end]))
        {
            return false;
        }

        if ((text[at] | 0x20) == 'k')
        {
            var qualifier = QualifierBefore(text.AsSpan(0, at));
            if (qualifier == 0 && plural)
            {
                return false;
            }

            // A bare "key" (cache_key, sort_key, key = …) names a secret only when its value is generated.
            bareKey = qualifier == 0;

            start = at - qualifier;
        }

        return (StartsNamePart(text, start) || (!bareKey && IsJoinedName(text, start, at, end))) && !IsPathSegment(text, start);
    }

    // "key": "…", ['dict_key'] = "…", ROOT_KEY=…, ollama key = …: an unqualified key names map keys, cache keys and sort
    // keys as often as credentials, so its value counts only when it is one generated run on its line (quoted, or up to
    // a blank, ',' or ';') of 20 or more token characters mixing upper case, lower case and digits, with the entropy and
    // the letter pairs of random text; the assignment filter's checks (placeholders, code) apply too.
    private void AddGeneratedKeyValue(string text, int nameStart, int nameEnd, ref SecretSink sink)
    {
        var i = nameEnd;
        while (i < text.Length && i - nameEnd < 3 && text[i] is '"' or '\'' or ']')
        {
            i++;
        }

        i = MultiLineValue.SkipBlanks(text, i);
        if (i + 1 < text.Length && text[i] is ':' or '=' && text[i + 1] is '=' or '>')
        {
            i += 2; // := =>
        }
        else if (i < text.Length && text[i] is ':' or '=')
        {
            i++;
        }
        else
        {
            return;
        }

        i = MultiLineValue.SkipBlanks(text, i);
        var quote = i < text.Length && text[i] is '"' or '\'' or '`' ? text[i] : '\0';
        var start = quote == '\0' ? i : i + 1;
        var end = start;
        while (end < text.Length && end - start <= 512 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-' or '.' or '+' or '/' or '='))
        {
            end++;
        }

        var length = end - start;
        var closes = quote == '\0'
            ? end == text.Length || text[end] is ' ' or '\t' or '\r' or '\n' or ',' or ';'
            : end < text.Length && text[end] == quote;
        if (length < 20 || length > 512 || !closes || !IsGenerated(text.AsSpan(start, length))
            || !AssignmentValueFilter.IsLiteralSecret(text, nameStart, nameEnd, start, length))
        {
            return;
        }

        sink.Add(Id, text, start, length, nameStart, end - nameStart);
    }

    // A value after a leading word and a secret name with no operator (bugsnag secret 5f0c…-…): 16 or more characters
    // with letters and digits, the entropy of random text, not a word or an identifier.
    private static bool IsGeneratedRun(ReadOnlySpan<char> value) =>
        value.Length >= 16 && value.ContainsAnyInRange('0', '9') && (value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z'))
        && LooksRandom(value);

    private static bool IsGenerated(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('A', 'Z') && value.ContainsAnyInRange('a', 'z') && value.ContainsAnyInRange('0', '9') && LooksRandom(value);

    // The entropy of random text, and neither a word nor an identifier.
    private static bool LooksRandom(ReadOnlySpan<char> value) =>
        ShannonEntropy.Of(value) >= HighEntropyRule.MinEntropy && !WordLikeness.IsWordLike(value) && !WordLikeness.IsCamelCaseIdentifier(value);

    // dbpassword, SLAPIKEY, theapikey: a name written as one word in one case that ends with a long secret word. The short
    // words (pass, pwd) do not count here: bypass, compass, surpass.
    private static bool IsJoinedName(string text, int start, int at, int end)
    {
        var word = text.AsSpan(at, end - at);
        if (word.Length < 5 && (word[0] | 0x20) != 'k')
        {
            return false;
        }

        var runStart = start;
        while (runStart > 0 && char.IsAsciiLetterOrDigit(text[runStart - 1]))
        {
            runStart--;
        }

        var name = text.AsSpan(runStart, end - runStart);
        return !name.ContainsAnyInRange('A', 'Z') || !name.ContainsAnyInRange('a', 'z');
    }

    // The length of a number ending the name (1-3 digits, after an optional '_'); 0 when none.
    private static int NumberSuffix(ReadOnlySpan<char> rest)
    {
        var i = rest.Length > 1 && rest[0] == '_' ? 1 : 0;
        var digits = 0;
        while (i + digits < rest.Length && digits < 4 && char.IsAsciiDigit(rest[i + digits]))
        {
            digits++;
        }

        var end = i + digits;
        return digits is > 0 and <= 3 && (end == rest.Length || !IsNameChar(rest[end])) ? end : 0;
    }

    // The length of a suffix that names the value of what the word names (_string, _value, String, Value), ending the
    // name; 0 when none.
    private static int ValueSuffix(ReadOnlySpan<char> rest)
    {
        foreach (var suffix in ValueSuffixes)
        {
            if (rest.StartsWith(suffix, StringComparison.Ordinal) && (rest.Length == suffix.Length || !IsNameChar(rest[suffix.Length])))
            {
                return suffix.Length;
            }
        }

        return 0;
    }

    private static int LengthOfWord(ReadOnlySpan<char> rest) => (rest[0] | 0x20) switch
    {
        'p' when rest.StartsWith("password", StringComparison.OrdinalIgnoreCase) => 8,
        'p' when rest.StartsWith("passwd", StringComparison.OrdinalIgnoreCase) => 6,
        'p' when rest.StartsWith("passphrase", StringComparison.OrdinalIgnoreCase) => 10,
        'p' when rest.StartsWith("passcode", StringComparison.OrdinalIgnoreCase) => 8,
        'p' when rest.StartsWith("pwd", StringComparison.OrdinalIgnoreCase) => 3,
        'p' => 4, // pass
        'c' when rest.StartsWith("credentials", StringComparison.OrdinalIgnoreCase) => 11,
        'c' when rest.StartsWith("creds", StringComparison.OrdinalIgnoreCase) => 5,
        'c' => 10, // credential
        's' => 6, // secret
        'm' => 8, // mnemonic (a wallet's seed words)
        't' => 5, // token
        _ => 3, // key
    };

    private static int QualifierBefore(ReadOnlySpan<char> before)
    {
        foreach (var qualifier in KeyQualifiers)
        {
            if (before.EndsWith(qualifier, StringComparison.OrdinalIgnoreCase))
            {
                return qualifier.Length;
            }
        }

        // slackKey, GITLAB_KEY, githubkey: a provider's name (the catalog's) qualifies a key as its credential
        var separator = before.Length > 0 && before[^1] is '_' or '-' ? 1 : 0;
        var word = before[..^separator];
        var start = word.Length;
        while (start > 0 && char.IsAsciiLetter(word[start - 1]) && word.Length - start < 24)
        {
            start--;
        }

        var candidate = word[start..];
        if (candidate.Length >= 3 && ProviderNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(candidate))
        {
            return candidate.Length + separator;
        }

        return 0;
    }

    // The name ends here unless an identifier character (or a dotted/dashed continuation) follows.
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool StartsNamePart(string text, int index)
    {
        if (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return true;
        }

        // A camel-case hump: githubToken, dbPassword, myApiKey; or the end of an acronym: ETSYToken, AWSSecret; or a
        // lower-case word after an acronym: SSHpassword, DBpassword.
        return (char.IsAsciiLetterUpper(text[index])
                && (char.IsAsciiLetterLower(text[index - 1]) || char.IsAsciiDigit(text[index - 1])
                    || (index + 1 < text.Length && char.IsAsciiLetterLower(text[index + 1]))))
            || (char.IsAsciiLetterLower(text[index]) && char.IsAsciiLetterUpper(text[index - 1])
                && index >= 2 && char.IsAsciiLetterUpper(text[index - 2]));
    }

    // A name followed by a closing quote is the whole quoted string ("password": …), not the end of a sentence in one
    // ('needs the admin token' : …).
    private static bool QuotesMatch(string text, int nameStart, int nameEnd)
    {
        if (nameEnd >= text.Length || text[nameEnd] is not ('"' or '\''))
        {
            return true;
        }

        var start = FullNameStart(text, nameStart);
        return start > 0 && text[start - 1] == text[nameEnd];
    }

    // <password>…</password>, <db:password>: the value is element text only when the name is an element name
    // (id="forget-token">Forget token</button> is an attribute value followed by text).
    private static bool IsElementName(string text, int nameStart)
    {
        var start = FullNameStart(text, nameStart);
        return start > 0 && (text[start - 1] is '<' or ':' || IsKeyAttributeValue(text, start)
            || (start >= 5 && text.AsSpan(start - 5, 5).SequenceEqual("<key>"))); // a plist's <key>name</key> <string>…</string>
    }

    // <property name="hibernate.connection.password">…</property>, <entry key="db.password">…</entry>: the element's
    // name or key attribute names its text (an id or a class does not: id="forget-token">Forget token</button>).
    private static bool IsKeyAttributeValue(string text, int start)
    {
        if (start < 2 || text[start - 1] is not ('"' or '\''))
        {
            return false;
        }

        var before = text.AsSpan(0, start - 1).TrimEnd(" \t");
        if (before.IsEmpty || before[^1] != '=')
        {
            return false;
        }

        before = before[..^1].TrimEnd(" \t");
        var attribute = before.EndsWith("name", StringComparison.OrdinalIgnoreCase) ? 4 : before.EndsWith("key", StringComparison.OrdinalIgnoreCase) ? 3 : 0;
        if (attribute == 0 || before.Length <= attribute || before[^(attribute + 1)] is not (' ' or '\t'))
        {
            return false;
        }

        // the element is a setting (<param name="token"> in API documentation describes a parameter)
        var open = before.LastIndexOf('<');
        if (open < 0)
        {
            return false;
        }

        var element = before[(open + 1)..];
        var end = element.IndexOfAny(" \t\r\n");
        element = end < 0 ? element : element[..end];
        return SettingElements.Contains(element.ToString());
    }

    private static int FullNameStart(string text, int start)
    {
        while (start > 0 && IsNameChar(text[start - 1]))
        {
            start--;
        }

        return start;
    }

    // node_modules/@octokit/auth-token, src/secrets/token.ts: a path segment, not a name.
    private static bool IsPathSegment(string text, int start)
    {
        var i = FullNameStart(text, start);
        return i > 0 && text[i - 1] == '/';
    }
}
