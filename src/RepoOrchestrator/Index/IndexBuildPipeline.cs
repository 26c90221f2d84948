using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Index;

/// <summary>
/// One full index build: the walking thread cuts the walk into runs of files (<see cref="ChunkFiles"/>) and queues them;
/// one reader thread per core reads each run (<see cref="FileIndexer"/>, its own buffer and trigram bitmap, nothing
/// allocated per file) into an <see cref="IndexChunk"/> (several when its files hold many trigrams); the walking thread takes the chunks back in walk order and
/// hands each shard to the writer as soon as it is full, while the readers go on. The queue is bounded, so memory
/// holds at most one shard and a few runs whatever the repository's size, and all of it goes when the build ends.
/// </summary>
internal sealed class IndexBuildPipeline : IDisposable
{
    /// <summary>Files per run: enough to keep the queue cheap, few enough that the cores share the last ones evenly.</summary>
    public const int ChunkFiles = 64;

    /// <summary>A chunk is closed once it holds this many (trigram, file) pairs, even inside a run.</summary>
    public const int MaxChunkPairs = 1 << 20;

    private readonly FileIndexer _indexer;
    private readonly IndexFileWriter _writer;
    private readonly long _nowNs;
    private readonly CancellationToken _ct;
    private readonly BlockingCollection<Batch> _queue;
    private readonly Thread[] _readers;
    private readonly object _gate = new(); // a monitor: readers signal finished runs with Monitor.PulseAll
    private readonly Queue<Batch> _pending = new();
    private readonly List<IndexChunk> _shard = [];
    private readonly ConcurrentStack<uint[]> _spare = []; // the pairs arrays of written shards, for the next runs
    private long _shardPairs;
    private ExceptionDispatchInfo? _failure;

    public IndexBuildPipeline(FileIndexer indexer, IndexFileWriter writer, long nowNs, CancellationToken ct)
    {
        _indexer = indexer;
        _writer = writer;
        _nowNs = nowNs;
        _ct = ct;
        var readers = Math.Max(2, Environment.ProcessorCount);
        _queue = new BlockingCollection<Batch>(readers * 4);
        _readers = new Thread[readers];
    }

    /// <summary>Reads every file of <paramref name="files"/> (the walk, in ordinal order) and writes every shard but for a final flush, which this does too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build, right after start: no slow first tier
    public void Run(IEnumerable<WalkedFile> files)
    {
        for (var i = 0; i < _readers.Length; i++)
        {
            _readers[i] = new Thread(Read) { IsBackground = true, Name = "index-build-" + i };
            _readers[i].Start();
        }

        using var wake = _ct.Register(Wake);
        var run = new Batch();
        try
        {
            foreach (var file in files)
            {
                _ct.ThrowIfCancellationRequested();
                file.FolderHandle?.AddRef(); // the walk moves on; the reader still opens relative to this folder
                run.Files.Add(file);
                if (run.Files.Count == ChunkFiles)
                {
                    Submit(run);
                    run = new Batch();
                    Collect(wait: false);
                }
            }

            Submit(run);
        }
        catch
        {
            run.Release(); // walked but never queued (released already, and so empty, when it was)
            throw;
        }

        _queue.CompleteAdding();
        Collect(wait: true);
        WriteShard();
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }

        lock (_gate)
        {
            _failure ??= ExceptionDispatchInfo.Capture(new OperationCanceledException("The index build stopped.")); // readers skip the rest
        }

        foreach (var reader in _readers)
        {
            reader?.Join();
        }

        while (_queue.TryTake(out var left))
        {
            left.Release();
        }

        _queue.Dispose();
    }

    private void Submit(Batch run)
    {
        if (run.Files.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _pending.Enqueue(run);
        }

        try
        {
            _queue.Add(run, _ct);
        }
        catch
        {
            run.Release(); // never queued: nobody else will
            throw;
        }
    }

    // Takes finished runs in walk order into the current shard; with wait, until every run is in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per build, right after start: no slow first tier
    private void Collect(bool wait)
    {
        while (true)
        {
            Batch head;
            lock (_gate)
            {
                while (true)
                {
                    _failure?.Throw();
                    _ct.ThrowIfCancellationRequested();
                    if (_pending.Count == 0)
                    {
                        return;
                    }

                    head = _pending.Peek();
                    if (head.Chunks is not null)
                    {
                        _pending.Dequeue();
                        break;
                    }

                    if (!wait)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }
            }

            foreach (var chunk in head.Chunks)
            {
                _shard.Add(chunk);
                _shardPairs += chunk.Pairs;
                if (_shardPairs >= IndexFileWriter.MaxShardPairs)
                {
                    WriteShard();
                }
            }
        }
    }

    private void WriteShard()
    {
        if (_shard.Count == 0)
        {
            return;
        }

        _writer.AddShardChunks(_shard);
        foreach (var chunk in _shard)
        {
            _spare.Push(chunk.Entries);
        }

        _shard.Clear();
        _shardPairs = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the build runs once right after start: no slow first tier
    private void Read()
    {
        var extractor = new TrigramExtractor();
        var buffer = new byte[1 << 16];
        var trigrams = new uint[1 << 16];
        foreach (var run in _queue.GetConsumingEnumerable())
        {
            try
            {
                lock (_gate)
                {
                    if (_failure is not null)
                    {
                        continue; // the build has failed or stopped: only release what is left
                    }
                }

                var records = new IndexedFile[run.Files.Count];
                var counts = new int[run.Files.Count];
                var chunks = new List<IndexChunk>(1);
                var first = 0;
                var used = 0;
                for (var i = 0; i < records.Length && !_ct.IsCancellationRequested; i++)
                {
                    records[i] = _indexer.Index(run.Files[i], extractor, ref buffer, _nowNs, out var found);
                    if (trigrams.Length - used < found.Length)
                    {
                        var grown = GC.AllocateUninitializedArray<uint>(Math.Max(trigrams.Length * 2, used + found.Length));
                        trigrams.AsSpan(0, used).CopyTo(grown); // only what is in use: fewer fresh pages touched
                        trigrams = grown;
                    }

                    found.CopyTo(trigrams.AsSpan(used));
                    used += found.Length;
                    counts[i] = found.Length;
                    if (used >= MaxChunkPairs || i == records.Length - 1)
                    {
                        // SECURITY: a run of large files (hostile content: 5 MB of random bytes each) is cut so a shard
                        // stays within MaxShardPairs plus one chunk, whatever the files hold.
                        chunks.Add(IndexChunk.Create(
                            first == 0 && i == records.Length - 1 ? records : records[first..(i + 1)], trigrams.AsSpan(0, used), counts.AsSpan(first, i + 1 - first),
                            _spare.TryPop(out var reuse) ? reuse : null));
                        first = i + 1;
                        used = 0;
                    }
                }

                lock (_gate)
                {
                    run.Chunks = _ct.IsCancellationRequested ? null : chunks;
                    Monitor.PulseAll(_gate);
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _failure ??= ExceptionDispatchInfo.Capture(ex); // the walking thread throws it
                    Monitor.PulseAll(_gate);
                }
            }
            finally
            {
                run.Release();
            }
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A run of walked files and, once read, its chunk.</summary>
    private sealed class Batch
    {
        public List<WalkedFile> Files { get; } = new(ChunkFiles);

        /// <summary>Its chunks once read (one, or more when its files hold over <see cref="MaxChunkPairs"/> pairs).</summary>
        public List<IndexChunk>? Chunks { get; set; }

        public void Release()
        {
            foreach (var file in Files)
            {
                file.FolderHandle?.Release();
            }

            Files.Clear();
        }
    }
}
