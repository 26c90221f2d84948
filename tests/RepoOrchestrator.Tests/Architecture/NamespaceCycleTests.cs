using System.Text;
using RepoOrchestrator.Files;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>
/// Issue 16: no namespace cycles in the product. A cycle means two folders cannot be read, changed or reviewed
/// apart; the read path once went back and forth between Files/, ReadPath/, Security/ and Snapshots/. Every
/// exact namespace is a node (see <see cref="NamespaceGraph"/>: a parent and its child namespace are separate
/// nodes), edges come from the compiled code, and a failure lists each cycle with one example reference per edge.
/// </summary>
public sealed class NamespaceCycleTests
{
    private static readonly NamespaceGraph Graph = NamespaceGraph.Build(typeof(FileReadService).Assembly);

    [Fact]
    public void ProductAssembly_NamespaceGraph_HasNoCycles()
    {
        var cycles = Graph.Cycles();
        var report = new StringBuilder();
        foreach (var component in cycles)
        {
            report.Append("Cycle: ").AppendJoin(" ↔ ", component).AppendLine();
            foreach (var from in component)
            {
                foreach (var (to, example) in Graph.Edges[from].Where(e => component.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    report.Append("  ").Append(from).Append(" → ").Append(to).Append(": ").AppendLine(example);
                }
            }
        }

        Assert.True(cycles.Count == 0, report.ToString());
    }

    [Fact]
    public void NamespaceGraph_SeesReferencesInMethodBodies_FindsKnownEdges()
    {
        // The graph is only as good as its scan. Files/ names Errors/ only inside method bodies (throw new, static
        // factories, catch), Reading/ names Audit/ in a constructor, Hosting/ names Tree/ only in a call.
        Assert.Contains("RepoOrchestrator.Errors", Graph.Edges["RepoOrchestrator.Files"].Keys);
        Assert.Contains("RepoOrchestrator.Audit", Graph.Edges["RepoOrchestrator.Reading"].Keys);
        Assert.Contains("RepoOrchestrator.Tree", Graph.Edges["RepoOrchestrator.Hosting"].Keys);
    }

    [Fact]
    public void NamespaceGraph_TwoNamespacesReferencingEachOther_IsOneCycle()
    {
        var graph = new NamespaceGraph();
        graph.Edges["A"] = new(StringComparer.Ordinal) { ["B"] = "A.x → B" };
        graph.Edges["B"] = new(StringComparer.Ordinal) { ["C"] = "B.y → C" };
        graph.Edges["C"] = new(StringComparer.Ordinal) { ["A"] = "C.z → A", ["D"] = "C.w → D" };

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["A", "B", "C"], cycle);
    }
}
