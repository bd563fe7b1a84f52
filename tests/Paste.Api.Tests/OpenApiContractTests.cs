using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// docs/openapi.json is the contract that clients are generated from (src/Paste.Client among them). It must be what
/// the server serves: changing an endpoint without regenerating the contract fails here.
/// </summary>
public sealed class OpenApiContractTests(StorageProvider provider) : ApiFixture(provider)
{
    /// <summary>Set to 1 to rewrite docs/openapi.json from the running server instead of only comparing.</summary>
    public const string UpdateVariable = "PASTE_UPDATE_OPENAPI";

    public const string RegenerateCommand = UpdateVariable + "=1 dotnet test tests/Paste.Api.Tests --filter OpenApiContract";

    private static readonly JsonSerializerOptions ContractFormat = new()
    {
        WriteIndented = true,
        IndentSize = 2,

        // Keeps quotes, <, > and + readable in the checked-in file; it is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Test]
    public async Task The_checked_in_contract_is_the_document_the_server_serves()
    {
        var served = JsonNode.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var contractPath = ContractPath();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(contractPath, served!.ToJsonString(ContractFormat) + "\n");
            await TestContext.Out.WriteLineAsync($"Wrote {contractPath}");
        }

        var checkedIn = File.Exists(contractPath) ? JsonNode.Parse(await File.ReadAllTextAsync(contractPath)) : null;

        Assert.That(
            JsonNode.DeepEquals(served, checkedIn),
            Is.True,
            $"docs/openapi.json is not the document served at /swagger/v1/swagger.json (first difference at {FirstDifference(served, checkedIn, "$")}). "
                + $"If the API change is intended, regenerate the contract from the repository root with:{Environment.NewLine}    {RegenerateCommand}");
    }

    [Test]
    public void Differences_are_located_by_their_json_path()
    {
        var served = JsonNode.Parse("""{"paths": {"/": {"post": {"operationId": "CreatePaste"}}}, "tags": [1, 2]}""");

        Assert.That(FirstDifference(served, JsonNode.Parse("""{"paths": {"/": {"post": {"operationId": "Create"}}}, "tags": [1, 2]}"""), "$"),
            Is.EqualTo("$.paths./.post.operationId"));
        Assert.That(FirstDifference(served, JsonNode.Parse("""{"paths": {"/": {"post": {"operationId": "CreatePaste"}}}, "tags": [1]}"""), "$"),
            Is.EqualTo("$.tags[1]"));
        Assert.That(FirstDifference(served, JsonNode.Parse("""{"paths": {"/": {"post": {"operationId": "CreatePaste"}}}}"""), "$"),
            Is.EqualTo("$.tags"));
        Assert.That(FirstDifference(served, null, "$"), Is.EqualTo("$"));
    }

    /// <summary>The JSON path of the first member or item that differs, for a failure message a person can act on.</summary>
    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject expectedObject, JsonObject actualObject):
                foreach (var name in expectedObject.Select(m => m.Key).Union(actualObject.Select(m => m.Key)))
                {
                    expectedObject.TryGetPropertyValue(name, out var expectedMember);
                    actualObject.TryGetPropertyValue(name, out var actualMember);
                    if (!expectedObject.ContainsKey(name) || !actualObject.ContainsKey(name) || !JsonNode.DeepEquals(expectedMember, actualMember))
                    {
                        return expectedObject.ContainsKey(name) && actualObject.ContainsKey(name)
                            ? FirstDifference(expectedMember, actualMember, $"{path}.{name}")
                            : $"{path}.{name}";
                    }
                }

                return path;
            case (JsonArray expectedArray, JsonArray actualArray):
                for (var i = 0; i < Math.Max(expectedArray.Count, actualArray.Count); i++)
                {
                    if (i >= expectedArray.Count || i >= actualArray.Count || !JsonNode.DeepEquals(expectedArray[i], actualArray[i]))
                    {
                        return i < expectedArray.Count && i < actualArray.Count ? FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") : $"{path}[{i}]";
                    }
                }

                return path;
            default:
                return path;
        }
    }

    /// <summary>docs/openapi.json of the checkout these tests were built from.</summary>
    private static string ContractPath() => Path.Combine(BuildLocations.RepositoryRoot(), "docs", "openapi.json");
}
