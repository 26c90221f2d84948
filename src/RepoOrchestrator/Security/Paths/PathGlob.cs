namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// One glob over repository-relative paths ('/'-separated), with the syntax of `.gitignore`: `*` (any run of
/// characters but '/'), `?` (one character but '/'), `[...]` classes (ranges, `!`/`^` negation), `**` as a whole
/// segment (`**/x` at any depth, `a/**` everything inside `a`, `a/**/b` zero or more folders between), `\` escapes.
/// Used for the `.gitignore` rules of tree and search and for search's glob filters.
/// SECURITY: matching never backtracks. The pattern compiles to a small automaton that is run over the path with a
/// set of live states (a Thompson simulation), so one match costs at most (states × path length) steps whatever the
/// pattern; patterns are capped at <see cref="MaxLength"/> characters, so a hostile `.gitignore` or glob argument
/// cannot make a walk slow (git's own wildmatch backtracks, and `*a*a*a…b` is the classic attack on it).
/// </summary>
public sealed class PathGlob
{
    public const int MaxLength = 256;

    private readonly Node[] _nodes;

    private readonly int _minLength;
    private readonly string? _literal;

    private PathGlob(string pattern, Node[] nodes, string? literal)
    {
        Pattern = pattern;
        _nodes = nodes;
        _minLength = nodes.Count(n => n.Kind == NodeKind.Char);
        _literal = literal;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Compiles <paramref name="pattern"/>; false with the reason (for a 400 detail) when it is not a valid glob.</summary>
    public static bool TryParse(string pattern, out PathGlob glob, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        glob = null!;
        error = null;
        if (pattern.Length == 0)
        {
            error = "is empty";
            return false;
        }

        if (pattern.Length > MaxLength)
        {
            error = $"is longer than {MaxLength} characters";
            return false;
        }

        if (pattern.Any(char.IsControl))
        {
            error = "holds a control character";
            return false;
        }

        var nodes = new List<Node>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            var segmentStart = i == 0 || pattern[i - 1] == '/';
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*' && segmentStart
                && (i + 2 == pattern.Length || pattern[i + 2] == '/'))
            {
                if (i + 2 == pattern.Length)
                {
                    nodes.Add(Node.AnyRun(crossesSlash: true)); // trailing `**`: everything from here on
                    i += 2;
                }
                else
                {
                    nodes.Add(Node.Folders()); // `**/`: zero or more whole folders
                    i += 3;
                }

                continue;
            }

            switch (c)
            {
                case '*':
                    while (i < pattern.Length && pattern[i] == '*')
                    {
                        i++; // `a**b` is `a*b`, as git reads it
                    }

                    nodes.Add(Node.AnyRun(crossesSlash: false));
                    continue;
                case '?':
                    nodes.Add(Node.OneOf(static ch => ch != '/'));
                    i++;
                    continue;
                case '[':
                    if (!PathGlobClass.TryParse(pattern, ref i, out var test, out error))
                    {
                        return false;
                    }

                    nodes.Add(Node.OneOf(test));
                    continue;
                case '\\':
                    if (i + 1 == pattern.Length)
                    {
                        error = "ends with a lone '\\'";
                        return false;
                    }

                    nodes.Add(Node.Literal(pattern[i + 1]));
                    i += 2;
                    continue;
                default:
                    nodes.Add(Node.Literal(c));
                    i++;
                    continue;
            }
        }

        var literal = nodes.All(n => n.Kind == NodeKind.Char && n.Exact is not null)
            ? new string([.. nodes.Select(n => n.Exact!.Value)])
            : null;
        glob = new PathGlob(pattern, [.. nodes], literal);
        return true;
    }

    /// <summary>The most steps one match over a path of <paramref name="length"/> characters can take (for budgets).</summary>
    public long Cost(int length) => _literal is null ? (long)(_nodes.Length + 1) * (length + 1) : length + 1;

    /// <summary>Whether the whole <paramref name="path"/> matches (not a prefix or a part of it).</summary>
    public bool IsMatch(ReadOnlySpan<char> path)
    {
        if (_literal is not null)
        {
            return path.SequenceEqual(_literal);
        }

        if (path.Length < _minLength)
        {
            return false; // every character node needs a character of its own
        }

        // State k = "the first k nodes have matched"; a Folders node also has an inner state (inside a folder name),
        // kept in a second set. Two bit sets per step: no recursion, no backtracking.
        var count = _nodes.Length;
        Span<bool> live = stackalloc bool[(count + 1) * 2]; // count <= MaxLength
        Span<bool> next = stackalloc bool[(count + 1) * 2];
        live.Clear();
        live[0] = true;
        Close(live);
        foreach (var ch in path)
        {
            next.Clear();
            var any = false;
            for (var k = 0; k < count; k++)
            {
                var node = _nodes[k];
                if (live[k])
                {
                    switch (node.Kind)
                    {
                        case NodeKind.Char when node.Accepts(ch):
                            next[k + 1] = any = true;
                            break;
                        case NodeKind.Run when node.CrossesSlash || ch != '/':
                            next[k] = any = true; // stay in the run; leaving it is the ε-move of Close
                            break;
                        case NodeKind.Folders:
                            // Start of a folder name: '/' right away is an empty name (git treats `//` like `/`).
                            if (ch == '/')
                            {
                                next[k] = any = true;
                            }
                            else
                            {
                                next[count + 1 + k] = any = true;
                            }

                            break;
                    }
                }

                if (node.Kind == NodeKind.Folders && live[count + 1 + k])
                {
                    // Inside a folder name: more of it, or its '/' closes it and the next folder (or the rest) may begin.
                    if (ch == '/')
                    {
                        next[k] = any = true;
                    }
                    else
                    {
                        next[count + 1 + k] = any = true;
                    }
                }
            }

            if (!any)
            {
                return false;
            }

            Close(next);
            var swap = live;
            live = next;
            next = swap;
        }

        return live[count];
    }

    // ε-moves: a run or a folder list may match nothing, so whoever reached it has also reached what follows it.
    private void Close(Span<bool> states)
    {
        for (var k = 0; k < _nodes.Length; k++)
        {
            if (states[k] && _nodes[k].Kind is NodeKind.Run or NodeKind.Folders)
            {
                states[k + 1] = true;
            }
        }
    }

    public override string ToString() => Pattern;

    private enum NodeKind
    {
        Char,
        Run,
        Folders,
    }

    private readonly record struct Node(NodeKind Kind, Func<char, bool>? Test, bool CrossesSlash, char? Exact = null)
    {
        public static Node Literal(char c) => new(NodeKind.Char, null, false, c);

        public static Node OneOf(Func<char, bool> test) => new(NodeKind.Char, test, false);

        public static Node AnyRun(bool crossesSlash) => new(NodeKind.Run, null, crossesSlash);

        public static Node Folders() => new(NodeKind.Folders, null, true);

        public bool Accepts(char c) => Exact is { } exact ? c == exact : Test!(c);
    }
}
