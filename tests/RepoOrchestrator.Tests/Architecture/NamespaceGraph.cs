using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace RepoOrchestrator.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of an assembly, built from what the compiled code really references: base
/// types and interfaces, generic arguments and constraints, fields, properties, events, method and constructor
/// signatures, local variables, attributes, and every member or type token in method bodies (IL). Only namespaces
/// under <see cref="Prefix"/> are nodes. A node is one exact namespace (= one folder): <c>Security.Paths</c> and
/// <c>Security</c> are two nodes, and an edge between a parent and a child namespace counts like any other, so a
/// cycle between <c>Security</c> and <c>Security.Paths</c> is a cycle too. Compiler-generated types (closures,
/// state machines, display classes) are nested in the type that declared them and carry its namespace, so their
/// references count for that type; compiler-generated top-level types (anonymous types, private implementation
/// details, source-generated regex helpers) live outside <see cref="Prefix"/> and are not nodes.
/// </summary>
internal sealed class NamespaceGraph
{
    public const string Prefix = "RepoOrchestrator";

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
        | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>from namespace → to namespace → one example reference ("Type.Member → Type").</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    public static NamespaceGraph Build(Assembly assembly)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            if (NodeOf(type) is { } from)
            {
                graph.AddType(from, type);
            }
        }

        return graph;
    }

    /// <summary>Strongly connected components of more than one namespace (Tarjan), each sorted, in ordinal order.</summary>
    public List<List<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (index.TryGetValue(next, out var seen))
                {
                    if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], seen);
                    }
                }
                else
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    result.Add(component);
                }
            }
        }

        foreach (var node in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a[0], b[0]));
        return result;
    }

    private static string? NodeOf(Type type)
    {
        // A nested type (closure, state machine, private record) reports its outermost type's namespace.
        var ns = type.Namespace;
        return ns is not null && (ns == Prefix || ns.StartsWith(Prefix + ".", StringComparison.Ordinal)) ? ns : null;
    }

    private void AddType(string from, Type type)
    {
        var where = type.FullName ?? type.Name;
        AddReference(from, where + " (base)", type.BaseType);
        foreach (var face in type.GetInterfaces())
        {
            AddReference(from, where + " (interface)", face);
        }

        AddConstraints(from, where, type.IsGenericTypeDefinition ? type.GetGenericArguments() : []);
        AddAttributes(from, where, type.GetCustomAttributesData());
        foreach (var field in type.GetFields(Declared))
        {
            AddReference(from, $"{where}.{field.Name}", field.FieldType);
            AddAttributes(from, $"{where}.{field.Name}", field.GetCustomAttributesData());
        }

        foreach (var property in type.GetProperties(Declared))
        {
            AddReference(from, $"{where}.{property.Name}", property.PropertyType);
            AddAttributes(from, $"{where}.{property.Name}", property.GetCustomAttributesData());
        }

        foreach (var @event in type.GetEvents(Declared))
        {
            AddReference(from, $"{where}.{@event.Name}", @event.EventHandlerType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddMethod(from, $"{where}.{method.Name}", method);
        }
    }

    private void AddMethod(string from, string where, MethodBase method)
    {
        if (method is MethodInfo info)
        {
            AddReference(from, where + " (returns)", info.ReturnType);
            if (info.IsGenericMethodDefinition)
            {
                AddConstraints(from, where, info.GetGenericArguments());
            }
        }

        foreach (var parameter in method.GetParameters())
        {
            AddReference(from, $"{where}({parameter.Name})", parameter.ParameterType);
            AddAttributes(from, $"{where}({parameter.Name})", parameter.GetCustomAttributesData());
        }

        AddAttributes(from, where, method.GetCustomAttributesData());
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            AddReference(from, where + " (local)", local.LocalType);
        }

        foreach (var clause in body.ExceptionHandlingClauses)
        {
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
            {
                AddReference(from, where + " (catch)", clause.CatchType);
            }
        }

        var il = body.GetILAsByteArray();
        if (il is not null)
        {
            AddBody(from, where, method, il);
        }
    }

    /// <summary>Walks the IL opcode by opcode and resolves every method, field, type and token operand.</summary>
    private void AddBody(string from, string where, MethodBase method, byte[] il)
    {
        var typeArgs = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                throw new InvalidOperationException($"Unknown IL opcode 0x{value:X} in {where}: the scan would be blind past it.");
            }

            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    AddToken(from, $"{where} ({op.Name})", method.Module, token, typeArgs, methodArgs);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    at += 4;
                    break;
            }
        }
    }

    private void AddToken(string from, string where, Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        var member = module.ResolveMember(token, typeArgs, methodArgs);
        switch (member)
        {
            case Type type:
                AddReference(from, where, type);
                break;
            case FieldInfo field:
                AddReference(from, where, field.DeclaringType);
                AddReference(from, where, field.FieldType);
                break;
            case MethodBase called:
                AddReference(from, where, called.DeclaringType);
                if (called is MethodInfo calledInfo)
                {
                    AddReference(from, where, calledInfo.ReturnType);
                    foreach (var argument in calledInfo.IsGenericMethod ? calledInfo.GetGenericArguments() : [])
                    {
                        AddReference(from, where, argument);
                    }
                }

                foreach (var parameter in called.GetParameters())
                {
                    AddReference(from, where, parameter.ParameterType);
                }

                break;
        }
    }

    private void AddConstraints(string from, string where, Type[] parameters)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in parameter.GetGenericParameterConstraints())
            {
                AddReference(from, where + " (constraint)", constraint);
            }
        }
    }

    private void AddAttributes(string from, string where, IList<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeType == typeof(CompilerGeneratedAttribute))
            {
                continue;
            }

            AddReference(from, where + " (attribute)", attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
            {
                AddReference(from, where + " (attribute argument)", argument.Value as Type);
            }
        }
    }

    /// <summary>Adds an edge to the namespace of <paramref name="type"/> and of every type it is built from.</summary>
    private void AddReference(string from, string where, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            AddReference(from, where, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                AddReference(from, where, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        if (NodeOf(type) is not { } to || to == from)
        {
            return;
        }

        if (!Edges.TryGetValue(from, out var targets))
        {
            Edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, $"{where} → {type.FullName ?? type.Name}");
    }
}
