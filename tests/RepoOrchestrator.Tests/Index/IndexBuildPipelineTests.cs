using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Index;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Index;

/// <summary>A full build through the pipeline: runs whose files hold many trigrams are cut into several chunks, and nothing is lost or misnumbered.</summary>
public sealed class IndexBuildPipelineTests
{
    private static readonly byte[] Fingerprint = new byte[32];

    [Fact]
    public void Build_RunOfFilesWithMillionsOfTrigrams_IsCutIntoChunks_AndEveryFileKeepsItsTrigrams()
    {
        using var root = new TempDirectory("orch-build");
        var repo = root.Combine("repo");
        Directory.CreateDirectory(repo);

        // Random bytes without NUL (text, not binary): about a million distinct trigrams per file, so the run of these
        // files is cut into chunks after a.txt and after c.txt (IndexBuildPipeline.MaxChunkPairs).
        var random = new Random(7);
        var contents = new Dictionary<string, byte[]>();
        foreach (var name in new[] { "a.txt", "c.txt", "d.txt" })
        {
            var bytes = new byte[1_100_000];
            random.NextBytes(bytes);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
            }

            contents[name] = bytes;
        }

        contents["b.txt"] = "a small file with a needle_42 in it\n"u8.ToArray();
        foreach (var (name, bytes) in contents)
        {
            File.WriteAllBytes(Path.Combine(repo, name), bytes);
        }

        var options = HomeOptions.Under(root);
        var policy = PathPolicy.From(options);
        var serviceFiles = new ServiceFiles(ServiceFilePaths.From(options));
        var served = new ServedFileRule(policy, serviceFiles);
        using var builder = new IndexBuilder(
            new RepositoryWalker(policy, serviceFiles, served), new PathGuard(policy, serviceFiles, NullLogger<PathGuard>.Instance),
            new FileIndexer(options.MaxFileBytes, served, RedactionEngine.CreateDefault()));
        var target = root.Combine("x.idx");
        using (var writer = new IndexFileWriter(target, Fingerprint, 1))
        {
            Assert.Equal(WalkOutcome.Done, builder.Build(repo, writer, 1, CancellationToken.None));
            writer.Complete();
        }

        using var index = IndexFile.Open(target, Fingerprint);
        Assert.Equal(new[] { "a.txt", "b.txt", "c.txt", "d.txt" }, Enumerable.Range(0, index.FileCount).Select(index.PathOf));
        var extractor = new TrigramExtractor();
        Assert.True(contents.Where(c => c.Value.Length > 1000).Sum(c => extractor.Extract(c.Value).Length) > 3 * IndexBuildPipeline.MaxChunkPairs / 2);
        Assert.Equal([1], index.FilesWithAll(extractor.Extract("needle_42"u8)));
        for (var id = 0; id < index.FileCount; id++)
        {
            var bytes = contents[index.PathOf(id)];
            foreach (var at in new[] { 0, bytes.Length / 2, bytes.Length - 3 })
            {
                var trigram = Trigram.Of(bytes[at], bytes[at + 1], bytes[at + 2]);
                Assert.Contains(id, index.FilesWithAll([trigram]));
            }
        }
    }
}
