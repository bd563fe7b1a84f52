using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// GET /{id} by its Accept header: <c>application/json</c> gets the metadata with <c>status</c>, <c>expires</c> and
/// the text as <c>data</c>; curl's <c>*/*</c>, no Accept and other types keep FlaskPaste's metadata exactly
/// (a browser's Accept gets the page: <see cref="PastePageTests"/>).
/// </summary>
public sealed class PasteDocumentTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly string[] MetadataMembers = ["id", "mime_type", "size", "created_at", "expires_at", "raw", "sha256"];

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "1024",
    };

    [Test]
    public async Task Accept_application_json_gets_the_metadata_with_status_expires_and_the_text_as_data()
    {
        var paste = await Client.CreatePasteAsync("line one\nline two ünïcödé 🐍\n");

        var document = await GetAsync(paste.Id, "application/json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Members(document), Is.EqualTo(MetadataMembers.Concat(["status", "expires", "data"])));
            Assert.That(document.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(document.GetProperty("data").GetString(), Is.EqualTo("line one\nline two ünïcödé 🐍\n"));
            Assert.That(document.GetProperty("id").GetString(), Is.EqualTo(paste.Id));
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(document.GetProperty("expires_at").GetInt64());
            Assert.That(
                document.GetProperty("expires").GetString(),
                Is.EqualTo(expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public async Task Binary_content_has_no_data_and_raw_says_where_the_bytes_are()
    {
        var paste = await Client.CreatePasteAsync([.. TestData.Png, .. TestData.InvalidUtf8]);

        var document = await GetAsync(paste.Id, "application/json");

        Assert.That(Members(document), Is.EqualTo(MetadataMembers.Concat(["status", "expires"])));
        Assert.That(document.GetProperty("raw").GetString(), Is.EqualTo($"/{paste.Id}/raw"));
    }

    [Test]
    public async Task Text_larger_than_the_anonymous_limit_has_no_data()
    {
        var paste = await Client.CreatePasteAsync(TestData.Filled(1025), "text/plain", Fingerprints.Alice);

        var document = await GetAsync(paste.Id, "application/json");

        Assert.That(document.TryGetProperty("data", out _), Is.False);
        Assert.That(document.GetProperty("size").GetInt64(), Is.EqualTo(1025));
    }

    [Test]
    public async Task Text_exactly_at_the_anonymous_limit_has_data()
    {
        var paste = await Client.CreatePasteAsync(TestData.Filled(1024), "text/plain");

        var document = await GetAsync(paste.Id, "application/json");

        Assert.That(document.GetProperty("data").GetString(), Has.Length.EqualTo(1024));
    }

    [TestCase(null)]
    [TestCase("*/*")]
    [TestCase("application/xml, */*;q=0.1")]
    [TestCase("text/html;q=0.5, text/plain")]
    [TestCase("text/plain, application/json;q=0.5")]
    public async Task Other_accept_headers_keep_the_flaskpaste_metadata_exactly(string? accept)
    {
        var paste = await Client.CreatePasteAsync("not in the metadata");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{paste.Id}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Client.SendAsync(request);
        var metadata = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.That(Members(metadata), Is.EqualTo(MetadataMembers));
        Assert.That(response.Headers.Vary, Does.Contain("Accept"), "caches keep the two answers apart");
    }

    [Test]
    public async Task A_missing_paste_is_the_usual_problem_json_for_json_clients()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/AAAAAAAAAAAAAAAA");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound, "Paste not found");
    }

    private async Task<JsonElement> GetAsync(string id, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await Client.SendAsync(request);
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static IEnumerable<string> Members(JsonElement body) => body.EnumerateObject().Select(member => member.Name);
}
