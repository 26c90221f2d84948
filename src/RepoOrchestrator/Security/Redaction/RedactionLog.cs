namespace RepoOrchestrator.Security.Redaction;

/// <summary>The redactor's log events. They name rules, never the text or the secret.</summary>
internal static partial class RedactionLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Redaction ready: {RuleCount} rules ({CustomCount} from ORCH_REDACTION_RULES)")]
    public static partial void Ready(ILogger logger, int ruleCount, int customCount);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Redaction rule {RuleId} timed out on a text of {Length} characters; the whole text was withheld")]
    public static partial void TimedOut(ILogger logger, string ruleId, int length);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Redaction rule {RuleId} exhausted the redaction budget on a text of {Length} characters; the request was refused")]
    public static partial void OverBudget(ILogger logger, string ruleId, int length);
}
