using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;

namespace RepoOrchestrator.Security.Redaction;

/// <summary>
/// The redactor: built-in rules plus the operator's rules file. A keyword pre-scan picks the rules worth running,
/// each rule reports character ranges, and overlapping ranges merge into one <see cref="ITextRedactor.Marker"/>.
/// Immutable after construction, so one instance serves every request concurrently.
/// </summary>
internal sealed class RedactionEngine : ITextRedactor
{
    private const int StackRuleLimit = 256;

    private readonly RedactionRule[] _rules;
    private readonly KeywordIndex _keywords;
    private readonly IReadOnlyList<RedactionAllowlist> _allowlists;
    private readonly ILogger _logger;
    private readonly long _callLimit;
    private long _work;

    public RedactionEngine(
        IReadOnlyList<RedactionRule> rules, IReadOnlyList<RedactionAllowlist> globalAllowlists, ILogger logger, RedactionBudgetLimits? limits = null, string rulesSource = "")
    {
        _rules = [.. rules];
        _keywords = new KeywordIndex(_rules);
        _allowlists = globalAllowlists;
        _logger = logger;
        _callLimit = (limits ?? RedactionBudgetLimits.Default).PerCall;
        // The built-in rules are code: the engine's module identity (a new one for every build that changes it) stands for them.
        RulesFingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            typeof(RedactionEngine).Module.ModuleVersionId, _callLimit, rulesSource, string.Join(',', RuleIds)))));
    }

    public string RulesFingerprint { get; }

    /// <summary>Candidates inspected by every call so far (the budget's unit); tests bound the work with it.</summary>
    public long WorkUnits => Interlocked.Read(ref _work);

    public IReadOnlyList<string> RuleIds => Array.ConvertAll(_rules, r => r.Id);

    /// <summary>The built-in rules only.</summary>
    public static RedactionEngine CreateDefault(RedactionBudgetLimits? limits = null) => new(BuiltInRules.Create(), [], NullLogger.Instance, limits);

    /// <summary>
    /// The built-in rules plus those of <paramref name="rulesPath"/> (when set). A missing, unreadable or invalid
    /// file throws the OptionsValidationException of ORCH_REDACTION_RULES, which stops start-up.
    /// </summary>
    public static RedactionEngine Create(string? rulesPath, ILogger logger, RedactionBudgetLimits? limits = null)
    {
        var builtIn = BuiltInRules.Create();
        if (rulesPath is null)
        {
            return new RedactionEngine(builtIn, [], logger, limits);
        }

        var custom = RedactionRulesFile.Load(rulesPath);
        return new RedactionEngine([.. builtIn, .. custom.Rules], custom.Allowlists, logger, limits, custom.SourceSha256);
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RedactCore(text, keepLines: false);
    }

    public string RedactLines(RedactableText text, int firstLine, int lastLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        var window = LineWindow.Cut(text, firstLine, lastLine);
        if (window.IsEmpty)
        {
            return "";
        }

        // SECURITY: the context is the whole text. A window with a few lines of context around it served lines the
        // whole text redacts (a quoted value continued past the context, a YAML block cut so it looked like a placeholder).
        // SECURITY: key lines are masked by their position in the whole text (its first line is line 1), so a window
        // starting inside a key leaks nothing.
        var masked = PrivateKeyBlocks.MaskLines(text.Text, 1, text.KeyBlocks);
        var redacted = RedactCore(masked, keepLines: true); // SECURITY: the context is redacted with the window, then dropped
        return window.Served(redacted);
    }

    private string RedactCore(string text, bool keepLines)
    {
        if (text.Length == 0)
        {
            return text;
        }

        // SECURITY: inside a request every call draws from the request's budget; outside one, the call limit alone bounds it.
        var budget = RedactionBudget.Current;
        var sink = new SecretSink(_allowlists, budget?.CallLimit ?? _callLimit, budget);
        Span<bool> active = _rules.Length <= StackRuleLimit ? stackalloc bool[_rules.Length] : new bool[_rules.Length];
        // SECURITY: the rules read the text as it is, and, when it holds lookalikes (password\u00A0= , ｐａｓｓｗｏｒｄ＝), once
        // more with them folded; both passes report positions of the same length, so the sink holds what either found.
        // Folding alone cut values at a folded quote or terminator (…’sBattery was served after the quote).
        var folded = LookalikeFold.Apply(text);
        foreach (var pass in (ReadOnlySpan<string>)(ReferenceEquals(folded, text) ? [text] : [text, folded]))
        {
            active.Clear();
            _keywords.Activate(pass, active);
            for (var i = 0; i < _rules.Length; i++)
            {
                if (!active[i])
                {
                    continue;
                }

                try
                {
                    _rules[i].Find(pass, ref sink);
                }
                catch (Errors.ApiProblemException)
                {
                    Interlocked.Add(ref _work, sink.Work);
                    RedactionLog.OverBudget(_logger, _rules[i].Id, text.Length);
                    throw;
                }
                catch (RegexMatchTimeoutException)
                {
                    RedactionLog.TimedOut(_logger, _rules[i].Id, text.Length);
                    return ITextRedactor.Marker; // SECURITY: fail closed - text a rule could not finish checking never leaves
                }
            }
        }

        Interlocked.Add(ref _work, sink.Work); // once per call (it was added twice, which doubled WorkUnits)
        return sink.Apply(text, keepLines); // the same instance when nothing was found
    }
}
