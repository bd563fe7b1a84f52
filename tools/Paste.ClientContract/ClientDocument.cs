using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paste.ClientContract;

/// <summary>
/// Derives the C# client's view of the contract from docs/openapi.json.
/// </summary>
/// <remarks>
/// The contract lists every body form the service accepts: CreatePaste takes raw bytes (application/octet-stream),
/// text/plain or JSON. NSwag generates a working binary upload (a Stream sent as StreamContent) only when the raw form
/// is the only one: offered several, it generates a FileParameter that it serialises as JSON, so the service would
/// store a JSON object instead of the bytes. The C# client always sends raw bytes (the service detects their type, so
/// text loses nothing), so for every request body that accepts application/octet-stream among others this keeps that
/// form alone. Nothing else changes.
/// </remarks>
internal static class ClientDocument
{
    public const string RawBytes = "application/octet-stream";

    public static async Task<int> DeriveAsync(string contractPath, string clientDocumentPath)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(contractPath))?.AsObject()
            ?? throw new InvalidDataException($"{contractPath} is not a JSON object.");

        var reduced = new List<string>();
        foreach (var (path, pathItem) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (method, operation) in pathItem?.AsObject() ?? [])
            {
                if (operation?["requestBody"] is JsonObject body
                    && body["content"] is JsonObject content
                    && content[RawBytes] is { } raw
                    && content.Count > 1)
                {
                    body["content"] = new JsonObject { [RawBytes] = raw.DeepClone() };
                    body["description"] = "The bytes to store, sent as " + RawBytes + "; the service detects their type.";
                    reduced.Add($"{method.ToUpperInvariant()} {path}");
                }
            }
        }

        if (reduced.Count == 0)
        {
            // The contract changed shape: the client would silently lose its binary upload, so stop the build instead.
            await Console.Error.WriteLineAsync($"error: no request body in {contractPath} offers {RawBytes} among other media types; check the client generation.");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(clientDocumentPath))!);
        await File.WriteAllTextAsync(clientDocumentPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Client document {clientDocumentPath}: {string.Join(", ", reduced)} sent as {RawBytes} only.");
        return 0;
    }
}
