namespace RepoOrchestrator.Index;

/// <summary>
/// What says a file is unchanged since it was indexed: size, modification and status-change times (ns) and its
/// identity (inode, device). A write changes the times, a rename over it the inode, a new hard link the status-change
/// time. Two stamps in the same clock tick cannot be told apart, hence the racy rule (<see cref="IndexedFileFlags.Racy"/>).
/// </summary>
internal readonly record struct FileStamp(long Size, long ModifiedNs, long ChangedNs, ulong Inode, ulong Device);

[Flags]
internal enum IndexedFileFlags : uint
{
    None = 0,

    /// <summary>Looks binary: the scan skips it.</summary>
    Binary = 1,

    /// <summary>Over ORCH_MAX_FILE_BYTES: the scan skips it.</summary>
    TooLarge = 2,

    /// <summary>The walk lists it but it cannot be opened as a served regular file (a hard link, a FIFO, unreadable).</summary>
    Unservable = 4,

    /// <summary>
    /// Changed so close to its indexing (same or next clock tick) that a later write could leave the same stamp (git's
    /// "racily clean" entries): its content is never trusted — it is always a search candidate — until a check re-reads it.
    /// </summary>
    Racy = 8,

    /// <summary>
    /// Its redaction is over the call limit (<see cref="RedactedContent"/>): it has no trigrams, and every indexed search
    /// whose scope holds it lists it as skipped without reading it, whatever the query.
    /// </summary>
    Unredactable = 16,

    /// <summary>
    /// Hidden characters hid a secret in it (<see cref="RedactedContent"/>): its lines may be served with or without
    /// them, so every search reads it, whatever the query.
    /// </summary>
    ReadAlways = 32,
}

/// <summary>One file as indexed: repository-relative path, stamp, length and line count when read, and its trigrams.</summary>
internal sealed record IndexedFile(string Path, FileStamp Stamp, long Length, int Lines, IndexedFileFlags Flags, uint[] Trigrams)
{
    /// <summary>Whether a search must read it: a text file within the size limit, or one whose content is not trusted.</summary>
    public bool Searchable => (Flags & IndexedFileFlags.Racy) != 0
        || (Flags & (IndexedFileFlags.Binary | IndexedFileFlags.TooLarge | IndexedFileFlags.Unservable)) == 0;

    /// <summary>Flags that make a searchable file a candidate of every search, whatever its trigrams.</summary>
    public const IndexedFileFlags EverySearch = IndexedFileFlags.Racy | IndexedFileFlags.ReadAlways | IndexedFileFlags.Unredactable;

    /// <summary>
    /// Whether a search lists it as skipped without reading it: over the redaction call limit when indexed, and its
    /// content trusted (a racy file is read: it may have changed since).
    /// </summary>
    public static bool SkippedUnread(IndexedFileFlags flags) =>
        (flags & (IndexedFileFlags.Unredactable | IndexedFileFlags.Racy)) == IndexedFileFlags.Unredactable;

    /// <summary>Whether the tree lists it (a file the scan could open).</summary>
    public bool Listed => (Flags & IndexedFileFlags.Unservable) == 0;

    /// <summary>Line count for the tree, or null (binary, too large).</summary>
    public int? TreeLines => Lines < 0 ? null : Lines;
}
