using System.Reflection;
using Microsoft.Extensions.Logging;
using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>
/// Operators filter the log by event id (docs name them: 3000 refused read path, 4002 invalid token, …), so each
/// id means one thing: [LoggerMessage] declarations that share an id share its level and message too (the read
/// pipeline logs an allowlist refusal with the guard's 3000 on purpose, so one filter sees every refused path).
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EachEventIdIsUsedOnce()
    {
        var declarations = typeof(StartupBanner).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(d => d.Attribute is not null)
            .ToList();

        var shared = declarations
            .GroupBy(d => d.Attribute!.EventId)
            .Where(g => g.Select(d => (d.Attribute!.Level, d.Attribute.Message)).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.Select(d => $"{d.Method.DeclaringType!.Name}.{d.Method.Name}")))
            .ToList();

        // The scan sees the product's declarations (38 when this was written), the guard's refused-path event among them.
        Assert.True(declarations.Count >= 30, $"the scan should see the product's log messages (saw {declarations.Count})");
        Assert.Contains(declarations, d => d.Attribute!.EventId == 3000);
        Assert.True(shared.Count == 0, "event ids used for different messages:\n" + string.Join('\n', shared));
    }
}
