using System.Text.Json.Serialization;

namespace RepoOrchestrator.Audit;

public sealed record AuditLinesResponse([property: JsonPropertyName("lines")] IReadOnlyList<string> Lines);
