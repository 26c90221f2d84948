using Microsoft.Data.Sqlite;

namespace RepoOrchestrator.Tests.Faults;

/// <summary>Real SQLite files broken the two ways a disk or a careless copy breaks them.</summary>
internal static class CorruptState
{
    /// <summary>The first 100 bytes (the header) replaced with garbage: "file is not a database".</summary>
    public static void WriteGarbageHeader(string path)
    {
        CreateWithRows(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(new string('#', 100)));
    }

    /// <summary>A sound header and a table page overwritten with garbage: only a check of the pages finds it.</summary>
    public static void WriteCorruptPage(string path)
    {
        CreateWithRows(path);
        var bytes = File.ReadAllBytes(path);
        const int PageSize = 4096;
        Assert.True(bytes.Length >= 4 * PageSize, "the database should span several pages");
        for (var i = 2 * PageSize; i < 3 * PageSize; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static void CreateWithRows(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                PRAGMA page_size=4096; PRAGMA journal_mode=DELETE;
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
                INSERT INTO filler(text) SELECT printf('%0200d', i) FROM n;
                """;
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }
}
