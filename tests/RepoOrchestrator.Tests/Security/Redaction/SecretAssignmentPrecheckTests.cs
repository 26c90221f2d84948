using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Tests.Security.Redaction;

/// <summary>
/// <see cref="SecretAssignmentRule.TailCanStart"/> lets the rule skip the AssignmentTail expression; it may only say
/// "no" where the expression cannot match, or a secret would be served.
/// </summary>
public sealed class SecretAssignmentPrecheckTests
{
    [Theory]
    [InlineData(" = \"hunter2\"")]
    [InlineData("\": \"hunter2\"")]
    [InlineData("']=hunter2")]
    [InlineData(" string = \"hunter2\"")]
    [InlineData(" *string = \"hunter2\"")]
    [InlineData(" []byte = \"hunter2\"")]
    [InlineData(" SecureString = \"hunter2\"")]
    [InlineData("\" value=\"hunter2\"")]
    [InlineData(">hunter2</password>")]
    [InlineData(">\n  hunter2\n</password>")]
    [InlineData(" ?= hunter2")]
    [InlineData(" .= 'hunter2'")]
    [InlineData(" !: hunter2")]
    [InlineData("\", \"hunter2\")")]
    [InlineData(": str = \"hunter2\"")]
    public void TailCanStart_EveryTailTheExpressionAccepts_IsTrue(string tail)
    {
        Assert.Matches(BuiltInPatterns.AssignmentTail(), tail);
        Assert.True(SecretAssignmentRule.TailCanStart(tail, 0));
    }

    [Theory]
    [InlineData(" tokenizer")]
    [InlineData("")]
    [InlineData(" + auth")]
    [InlineData("(x)")]
    public void TailCanStart_TailsTheExpressionRejects_IsFalse(string tail)
    {
        Assert.DoesNotMatch(BuiltInPatterns.AssignmentTail(), tail);
        Assert.False(SecretAssignmentRule.TailCanStart(tail, 0));
    }

    [Fact]
    public void TailCanStart_RandomTails_NeverFalseWhereTheExpressionMatches()
    {
        const string alphabet = " \t\"'`]:?.=!,>*[vsSbyteringaluxV0123\n\r<>/(){};";
        var random = new Random(2014);
        var checkedMatches = 0;
        for (var round = 0; round < 50_000; round++)
        {
            var tail = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (BuiltInPatterns.AssignmentTail().IsMatch(tail))
            {
                checkedMatches++;
                Assert.True(SecretAssignmentRule.TailCanStart(tail, 0), $"precheck rejected a tail the expression matches: '{tail}'");
            }
        }

        Assert.True(checkedMatches > 1000, $"only {checkedMatches} random tails matched: the property was barely exercised");
    }
}
