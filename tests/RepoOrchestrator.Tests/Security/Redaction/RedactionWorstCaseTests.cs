using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// Single-line worst cases (the adversarial inputs of bench/ RedactionInputs.WorstCases, at 1 MB): each answers with
/// redacted text or the 422 budget problem, never another exception, and spends bounded work.
/// </summary>
public sealed class RedactionWorstCaseTests
{
    public static TheoryData<string> Units => new()
    {
        "password=", "sk_live_", "-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkw+/",
        "\"key\":", "\"api_key\": ", "twilio stripe datadog sendgrid heroku ", "ghp_", "://a:", "eyJ", "Authorization: ",
    };

    [Theory]
    [MemberData(nameof(Units))]
    public void Redact_OneMegabyteLineOfOneUnit_AnswersTextOrBudgetProblem(string unit)
    {
        var engine = RedactionEngine.CreateDefault();
        var text = string.Concat(Enumerable.Repeat(unit, (1024 * 1024 / unit.Length) + 1));

        try
        {
            Assert.NotNull(engine.Redact(text));
        }
        catch (ApiProblemException problem)
        {
            Assert.Equal(422, problem.Status);
        }

        Assert.InRange(engine.WorkUnits, 0, RedactionBudget.MaxCandidates + 64);
    }

    [Fact]
    public void Redact_BareValueLongerThanTheWidenReach_IsRedactedWithoutError()
    {
        // "password=password=…": the bare value runs ~1,100 characters, past the 512 that Widen looks at (it threw).
        var engine = RedactionEngine.CreateDefault();
        var text = string.Concat(Enumerable.Repeat("password=", 200));

        var redacted = engine.Redact(text);

        Assert.StartsWith("password=" + ITextRedactor.Marker, redacted, StringComparison.Ordinal);
    }
}
