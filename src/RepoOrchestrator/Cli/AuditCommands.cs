using System.CommandLine;
using RepoOrchestrator.Audit;

namespace RepoOrchestrator.Cli;

/// <summary>`audit tail [-n N]` and `audit verify` (the hash chain of SPEC 12).</summary>
internal static class AuditCommands
{
    public const int MaxTail = 10_000;

    /// <summary>`audit verify`: the chain is broken (tampering, or a damaged file).</summary>
    public const int Tampered = 1;

    /// <summary>`audit verify`: no verdict (the files or the configuration cannot be read).</summary>
    public const int CouldNotCheck = 3;

    public static Command Create(IReadOnlyList<string> settings)
    {
        var audit = new Command("audit", "Read or verify the audit log.");

        var count = new Option<int>("--lines", "-n")
        {
            Description = $"How many lines (1-{MaxTail}).",
            DefaultValueFactory = _ => 20,
            // The default parser's error names the CLR type (System.Int32); the operator needs the option's name.
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"-n/--lines takes a whole number from 1 to {MaxTail}; '{text}' is not one.");
                return 0;
            },
        };
        var tail = new Command("tail", "Print the last lines of the audit log, oldest first.") { count };
        CliAction.Set(tail, settings, (result, context, output) =>
        {
            var n = result.GetValue(count);
            if (n is < 1 or > MaxTail)
            {
                throw new CliFailure($"-n must be between 1 and {MaxTail} (got {n}).");
            }

            foreach (var line in context.Get<AuditLog>().Tail(n))
            {
                output.WriteLine(line);
            }

            return CliAction.Success;
        });
        audit.Subcommands.Add(tail);

        var verify = new Command("verify", $"Check the hash chain from the oldest kept file to the newest; exit {Tampered} at the first broken line, {CouldNotCheck} when the files cannot be read.");
        CliAction.SetAsync(verify, settings, async (result, context, output, cancellationToken) =>
        {
            var report = await new AuditVerifier(context.Get<AuditLog>()).VerifyAsync(cancellationToken);
            foreach (var line in report.Summary())
            {
                output.WriteLine(line);
            }

            if (report.Problem is not null)
            {
                result.InvocationConfiguration.Error.WriteLine(report.Problem);
            }

            return report.Ok ? CliAction.Success : Tampered;
        }, failureCode: CouldNotCheck);
        audit.Subcommands.Add(verify);
        return audit;
    }
}
