using System.Text.Json;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.OAuth;

/// <summary>Reads a small JSON request body: at most <see cref="MaxBytes"/>, `application/json`, an object of the expected shape.</summary>
internal static class OAuthJson
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<Outcome<T>> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Problem.UnsupportedMediaType("Send the body as application/json.");
        }

        if (request.ContentLength > MaxBytes)
        {
            return Problem.TooLarge($"The body is larger than {MaxBytes} bytes.");
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        // SECURITY: read at most MaxBytes + 1 whatever Content-Length claims (chunked bodies have none).
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return Problem.TooLarge($"The body is larger than {MaxBytes} bytes.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length)) is { } value
                ? value
                : Problem.BadRequest("The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return Problem.BadRequest($"The body is not valid JSON of the expected shape (at {ex.Path ?? "$"}): fix it and send again.");
        }
    }
}
