using System.Reflection;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Files;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>
/// Issue 16: settings by feature (docs/ARCHITECTURE.md). <see cref="OrchestratorOptions"/> is parsed and validated in
/// one place; only the composition roots (Configuration, Hosting, Cli) take it whole. Every other type takes the small
/// settings of its feature (<see cref="ReadLimits"/>, <see cref="PathPolicy"/> …), each cut from the one options
/// object by its <c>From</c> factory and registered next to it.
/// </summary>
public sealed class SettingsByFeatureTests
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
        | BindingFlags.Instance | BindingFlags.Static;

    private static readonly string[] CompositionRoots =
        ["RepoOrchestrator.Configuration", "RepoOrchestrator.Hosting", "RepoOrchestrator.Cli"];

    private static readonly Assembly Product = typeof(FileReadService).Assembly;

    private static readonly Type[] FeatureSettings = Product.GetTypes()
        .Where(t => t.Namespace == "RepoOrchestrator.Configuration" && t.GetMethod("From", [typeof(OrchestratorOptions)]) is { IsStatic: true } factory && factory.ReturnType == t)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void ProductTypes_OutsideCompositionRoots_TakeNoOrchestratorOptions()
    {
        var violations = Violations(Product.GetTypes());

        Assert.True(violations.Count == 0,
            "Only Configuration, Hosting and Cli take OrchestratorOptions; take the feature's settings (Configuration/*Settings, ReadLimits, PathPolicy …) instead:\n"
            + string.Join("\n", violations));
    }

    [Fact]
    public void Violations_TypesTakingTheWholeOptions_AreEachReported()
    {
        // The scan itself: a primary constructor, IOptions<OrchestratorOptions>, a static helper and a lambda all count.
        Type[] fixtures = [typeof(TakesOptions), typeof(TakesWrappedOptions), typeof(StaticHelper), typeof(LambdaTaker), typeof(TakesSettings)];
        var violations = Violations(fixtures.Concat(fixtures.SelectMany(t => t.GetNestedTypes(BindingFlags.NonPublic))));

        Assert.Contains(violations, v => v.Contains("+" + nameof(TakesOptions) + "..ctor(OrchestratorOptions options)", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("+" + nameof(TakesWrappedOptions) + "..ctor(IOptions`1 options)", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("+" + nameof(StaticHelper) + ".Limit(", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("+" + nameof(LambdaTaker) + "+<>c.", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains(nameof(TakesSettings), StringComparison.Ordinal));
        Assert.Equal(4, violations.Count);
    }

    [Fact]
    public void FeatureSettings_FoundByTheScan_AreTheOnesTheIssueCuts()
    {
        Assert.Contains(typeof(ReadLimits), FeatureSettings);
        Assert.Contains(typeof(PathPolicy), FeatureSettings);
        Assert.Contains(typeof(TokenSettings), FeatureSettings);
        Assert.True(FeatureSettings.Length >= 15, "feature settings found: " + string.Join(", ", FeatureSettings.Select(t => t.Name)));
    }

    [Fact]
    public async Task FeatureSettings_Each_IsRegisteredAndCutFromTheOneOptions()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "77").With("ORCH_DENIED_DIRS", "vendor").With("ORCH_PUBLIC_URL", "https://tunnel.example");
        var options = app.Service<OrchestratorOptions>();

        foreach (var type in FeatureSettings)
        {
            var registered = app.Services.GetService(type);
            Assert.True(registered is not null, type.Name + " is not registered");
            Assert.Same(registered, app.Services.GetService(type)); // one singleton
            if (IsRecord(type))
            {
                Assert.Equal(type.GetMethod("From")!.Invoke(null, [options]), registered);
            }
        }

        Assert.Equal(77, app.Service<ReadLimits>().MaxLines);
        Assert.Contains("vendor", app.Service<PathPolicy>().DeniedDirs);
        Assert.Equal("https://tunnel.example", app.Service<NetworkSettings>().PublicUrl);
        Assert.Equal(OrchestratorApp.AdminToken, app.Service<TokenSettings>().Token);
    }

    [Fact]
    public void FeatureSettings_HoldingAToken_AreClassesThatDoNotPrintIt()
    {
        foreach (var type in FeatureSettings.Where(IsRecord))
        {
            var tokens = type.GetProperties().Where(p => p.Name.EndsWith("Token", StringComparison.Ordinal)).Select(p => p.Name).ToList();
            Assert.True(tokens.Count == 0, $"{type.Name} is a record (its ToString prints every property) but holds {string.Join(", ", tokens)}");
        }

        Assert.False(IsRecord(typeof(TokenSettings)));
        var settings = TokenSettings.From(new OrchestratorOptions { Token = "secret-admin-token-0123456789", ActionsToken = "secret-actions-token-0123456789" });
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    private static List<string> Violations(IEnumerable<Type> types)
    {
        var found = new List<string>();
        foreach (var type in types.Where(t => !IsCompositionRoot(t) && !ValidatesOptions(t)))
        {
            foreach (var method in type.GetConstructors(Declared).Cast<MethodBase>().Concat(type.GetMethods(Declared)))
            {
                foreach (var parameter in method.GetParameters().Where(p => Mentions(p.ParameterType)))
                {
                    found.Add($"{Display(type)}.{method.Name}({parameter.ParameterType.Name} {parameter.Name}) in {type.Namespace}");
                }
            }
        }

        return found;
    }

    /// <summary>The type's name with its enclosing types (closures and state machines show whose they are).</summary>
    private static string Display(Type type) =>
        type.FullName is { } full && type.Namespace is { } ns ? full[(ns.Length + 1)..] : type.Name;

    private static bool IsCompositionRoot(Type type) =>
        CompositionRoots.Any(root => type.Namespace == root || type.Namespace?.StartsWith(root + ".", StringComparison.Ordinal) == true);

    /// <summary>Validators of the options (IValidateOptions&lt;OrchestratorOptions&gt;) see the whole object by definition.</summary>
    private static bool ValidatesOptions(Type type) =>
        type.GetInterfaces().Contains(typeof(IValidateOptions<OrchestratorOptions>));

    /// <summary>OrchestratorOptions itself, or any type built over it (IOptions&lt;OrchestratorOptions&gt;, Func&lt;OrchestratorOptions&gt;, arrays).</summary>
    private static bool Mentions(Type type) =>
        type == typeof(OrchestratorOptions)
        || (type.HasElementType && Mentions(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(Mentions));

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private sealed class TakesOptions(OrchestratorOptions options)
    {
        public int Lines => options.MaxLines;
    }

    private sealed class TakesWrappedOptions(IOptions<OrchestratorOptions> options)
    {
        public int Lines => options.Value.MaxLines;
    }

    private static class StaticHelper
    {
        public static int Limit(OrchestratorOptions options) => options.MaxLines;
    }

    private static class LambdaTaker
    {
        public static Func<OrchestratorOptions, int> Lines { get; } = o => o.MaxLines;
    }

    private sealed class TakesSettings(ReadLimits limits)
    {
        public int Lines => limits.MaxLines;
    }
}
