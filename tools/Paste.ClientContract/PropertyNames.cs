using System.Text;
using System.Text.RegularExpressions;

namespace Paste.ClientContract;

/// <summary>
/// Gives the generated DTOs .NET property names for the API's snake_case members: <c>MimeType</c>, not NSwag's
/// <c>Mime_type</c>. NSwag's command line has no setting for it. Only the C# name of a property that carries a
/// <c>[JsonPropertyName("...")]</c> changes; that attribute keeps the name on the wire, and nothing in the generated
/// code refers to DTO properties by name, so the compiler checks the result.
/// </summary>
internal static partial class PropertyNames
{
    public static async Task<int> PascalCaseAsync(string generatedCodePath)
    {
        var code = await File.ReadAllTextAsync(generatedCodePath);
        var renamed = 0;
        var result = DtoProperty().Replace(code, match =>
        {
            var pascal = PascalCase(match.Groups["json"].Value);
            if (pascal == match.Groups["name"].Value)
            {
                return match.Value;
            }

            renamed++;
            return match.Groups["declaration"].Value + pascal;
        });

        await File.WriteAllTextAsync(generatedCodePath, result);
        Console.WriteLine($"Generated client {generatedCodePath}: {renamed} properties named in PascalCase.");
        return 0;
    }

    public static string PascalCase(string jsonName)
    {
        var name = new StringBuilder(jsonName.Length);
        foreach (var word in jsonName.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return name.ToString();
    }

    /// <summary>A [JsonPropertyName("json_name")] attribute, any further attributes, and the property's type and name.</summary>
    [GeneratedRegex("""(?<declaration>\[System\.Text\.Json\.Serialization\.JsonPropertyName\("(?<json>[a-z0-9_]+)"\)\]\s+(?:\[[^\r\n]*\]\s+)*public [^\r\n]+? )(?<name>\w+)(?= \{ get;)""")]
    private static partial Regex DtoProperty();
}
