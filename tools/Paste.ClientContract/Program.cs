using System.Text.Json;
using System.Text.Json.Nodes;

// Derives the C# client's view of the contract from docs/openapi.json, at build time, into obj/.
//
// The contract lists every body form the service accepts; CreatePaste takes raw bytes (application/octet-stream),
// text/plain or JSON. NSwag can only generate a working binary upload (a Stream sent as StreamContent) when the raw
// form is the only one: offered several, it generates a FileParameter that it serialises as JSON, which stores the
// wrong bytes. The C# client always sends raw bytes (the service detects their type, so text loses nothing), so for
// every request body that accepts application/octet-stream this keeps that form alone. Nothing else changes.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Paste.ClientContract <docs/openapi.json> <client document to write>");
    return 2;
}

const string RawBytes = "application/octet-stream";
var document = JsonNode.Parse(await File.ReadAllTextAsync(args[0]))?.AsObject()
    ?? throw new InvalidDataException($"{args[0]} is not a JSON object.");

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
    await Console.Error.WriteLineAsync($"error: no request body in {args[0]} offers {RawBytes} among other media types; check the client generation.");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
await File.WriteAllTextAsync(args[1], document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Client document {args[1]}: {string.Join(", ", reduced)} sent as {RawBytes} only.");
return 0;
