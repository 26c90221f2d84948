using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// `-- --quick-redaction`: MB/s of the redaction engine on the throughput inputs in seconds, without BenchmarkDotNet,
/// plus the time of each stage (keyword pre-scan, each rule alone) on real code and on the dense input, so a change
/// can be measured while it is made. Best of several rounds of the calling thread's CPU time (clock_gettime
/// CLOCK_THREAD_CPUTIME_ID on Linux, wall time elsewhere): on a shared machine the time the thread waited for a core is not counted.
/// </summary>
internal static partial class QuickRedactionTimer
{
    private const int Rounds = 7;
    private const int WarmUpCalls = 40;

    public static void Run()
    {
        var engine = RedactionEngine.CreateDefault();
        var real = RedactionInputs.RealCode();
        var dense = RedactionInputs.KeywordDense();
        for (var i = 0; i < WarmUpCalls; i++)
        {
            // past tiered compilation's tier-0 code (promotion after 30 calls), so every figure is of optimised code
            Redact(engine, real);
            Redact(engine, dense);
        }

        Console.WriteLine($"{"input",-40} {"chars",12} {"best ms",10} {"MB/s",10}");
        Report("real code", real, engine);
        Report("keyword dense 1 MB", dense, engine);
        Report("over budget 5 MB (refused)", RedactionInputs.OverBudget(), engine);
        foreach (var (name, text) in RedactionInputs.WorstCases())
        {
            Report(name, text, engine);
        }

        Console.WriteLine();
        Console.WriteLine("stages (each rule alone, keyword gate skipped):");
        Console.WriteLine($"{"stage",-40} {"real ms",10} {"dense ms",10}");
        var rules = BuiltInRules.Create();
        Console.WriteLine($"{"keyword pre-scan",-40} {Best(real, t => PreScan(rules, t)),10:F2} {Best(dense, t => PreScan(rules, t)),10:F2}");
        foreach (var rule in rules)
        {
            Console.WriteLine($"{rule.Id,-40} {Best(real, t => FindAll(rule, t)),10:F2} {Best(dense, t => FindAll(rule, t)),10:F2}");
        }

        Console.WriteLine();
        Console.WriteLine("worst cases: the stages over 5 ms");
        foreach (var (name, text) in RedactionInputs.WorstCases())
        {
            var slow = rules.Select(r => (r.Id, Ms: Best(text, t => FindAll(r, t), rounds: 1))).Where(s => s.Ms > 5).Select(s => $"{s.Id} {s.Ms:F1}");
            Console.WriteLine($"{name,-40} {string.Join("; ", slow)}");
        }
    }

    /// <summary>
    /// One call per text file under <paramref name="folder"/> (dot folders, node_modules and files with a NUL byte left
    /// out), as the index build redacts them: total MB/s, work units per MB, and each rule's share of the time over
    /// the files its keywords let it run on.
    /// </summary>
    public static void RunOnFolder(string folder)
    {
        var texts = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part == "node_modules"))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).Where(t => !t.Contains('\0')).ToArray();
        var chars = texts.Sum(t => (long)t.Length);
        var engine = RedactionEngine.CreateDefault();
        void All(string _)
        {
            foreach (var text in texts)
            {
                Redact(engine, text);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            All(""); // past tier-0 code, as in Run
        }

        var before = engine.WorkUnits;
        All("");
        var work = engine.WorkUnits - before;
        var ms = Best("", All, rounds: 3);
        Console.WriteLine($"{texts.Length:N0} files, {chars:N0} chars: best {ms:F1} ms, {chars / 1e6 / (ms / 1000):F1} MB/s, {work:N0} work units ({work / (chars / 1e6):F0} per MB)");

        var rules = BuiltInRules.Create();
        var index = new KeywordIndex(rules);
        var active = new bool[texts.Length][];
        for (var t = 0; t < texts.Length; t++)
        {
            active[t] = new bool[rules.Count];
            index.Activate(texts[t], active[t]);
        }

        Console.WriteLine($"{"stage",-40} {"ms",10} {"files",8} {"work units",12}");
        var scratch = new bool[rules.Count];
        Console.WriteLine($"{"keyword pre-scan",-40} {Best("", _ => Array.ForEach(texts, t => index.Activate(t, scratch)), rounds: 3),10:F1} {texts.Length,8}");
        var stages = new List<(string Id, double Ms, int Files, long Units)>();
        for (var r = 0; r < rules.Count; r++)
        {
            var gated = Enumerable.Range(0, texts.Length).Where(t => active[t][r]).Select(t => texts[t]).ToArray();
            var rule = rules[r];
            var units = gated.Sum(t => FindAll(rule, t));
            stages.Add((rule.Id, Best("", _ => Array.ForEach(gated, t => FindAll(rule, t)), rounds: 3), gated.Length, units));
        }

        foreach (var (id, stageMs, files, units) in stages.OrderByDescending(s => s.Ms).Take(15))
        {
            Console.WriteLine($"{id,-40} {stageMs,10:F1} {files,8} {units,12:N0}");
        }
    }

    private static void Report(string name, string text, RedactionEngine engine)
    {
        var ms = Best(text, t => Redact(engine, t));
        Console.WriteLine($"{name,-40} {text.Length,12:N0} {ms,10:F2} {text.Length / 1e6 / (ms / 1000),10:F1}");
    }

    private static void Redact(RedactionEngine engine, string text)
    {
        try
        {
            _ = engine.Redact(text);
        }
        catch (ApiProblemException)
        {
            // the budget refused it: that is the expected outcome for the over-budget inputs
        }
    }

    private static void PreScan(IReadOnlyList<RedactionRule> rules, string text)
    {
        var index = new KeywordIndex(rules);
        Span<bool> active = stackalloc bool[rules.Count];
        index.Activate(text, active);
    }

    private static long FindAll(RedactionRule rule, string text)
    {
        var sink = new SecretSink([], long.MaxValue);
        try
        {
            rule.Find(text, ref sink);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            Console.Write($"[{rule.Id} timed out] ");
        }

        return sink.Work;
    }

    private static double Best(string text, Action<string> action, int rounds = Rounds)
    {
        action(text); // warm-up (JIT, regex construction)
        var best = double.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = ThreadCpuMilliseconds();
            action(text);
            var elapsed = cpu is { } before ? ThreadCpuMilliseconds()!.Value - before : watch.Elapsed.TotalMilliseconds;
            best = Math.Min(best, elapsed);
        }

        return best;
    }

    private static double? ThreadCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var time = new long[2]; // struct timespec: seconds, nanoseconds
        return ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, time) == 0 ? (time[0] * 1000.0) + (time[1] / 1e6) : null;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, [Out] long[] time);
}
