using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed partial class CreatePasteTests(StorageProvider provider) : ApiFixture(provider)
{
    [GeneratedRegex("^[A-Za-z0-9]{16}$")]
    private static partial Regex IdPattern();

    [Test]
    public async Task A_raw_paste_is_created_with_the_reference_response()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var response = await Client.PostRawAsync(TestData.Utf8("Hello, World!\n"), "text/plain");
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var paste = await PasteApi.ReadCreatedAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Id, Does.Match(IdPattern()));
            Assert.That(paste.Url, Is.EqualTo($"/{paste.Id}"));
            Assert.That(paste.Raw, Is.EqualTo($"/{paste.Id}/raw"));
            Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
            Assert.That(paste.CreatedAt, Is.InRange(before, after));
            Assert.That(paste.Body.GetProperty("created_at").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False, "owner must be absent for anonymous pastes");
            Assert.That(paste.Location, Is.EqualTo(new Uri($"http://localhost/{paste.Id}")));
            Assert.That(paste.Location!.IsAbsoluteUri, Is.True);
        }
    }

    [Test]
    public async Task An_authenticated_paste_names_its_owner()
    {
        var paste = await Client.CreatePasteAsync("mine", Fingerprints.Alice);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
    }

    [Test]
    public async Task Ids_are_different_for_every_paste()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await Client.CreatePasteAsync("same content")).Id);
        }

        Assert.That(ids, Has.Count.EqualTo(20));
    }

    [Test]
    public async Task Every_byte_value_round_trips_exactly()
    {
        var content = TestData.AllByteValues();

        var paste = await Client.CreatePasteAsync(content, "application/octet-stream");

        Assert.That(paste.MimeType, Is.EqualTo("application/octet-stream"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task A_curl_form_encoded_body_is_stored_as_sent_and_never_form_decoded()
    {
        // What `curl --data-binary @file` sends: the body labelled as a form, but it is the file's bytes.
        var content = TestData.Utf8("a=b&c=%20d+e");

        var paste = await Client.CreatePasteAsync(content, "application/x-www-form-urlencoded");

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task A_form_encoded_body_with_many_fields_is_not_decoded_either()
    {
        var content = TestData.Utf8("content=hello&content=world&%ZZ=bad&=&&x");

        var paste = await Client.CreatePasteAsync(content, "application/x-www-form-urlencoded; charset=utf-8");

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [TestCase("line one\r\nline two\r\n")]
    [TestCase("line one\nline two\n\n\n")]
    [TestCase("  leading and trailing whitespace \t \n")]
    [TestCase("mixed\r\n\n\rendings\r")]
    [TestCase("caf\u00e9 \u2713 \U0001F40D")]
    public async Task Text_round_trips_byte_for_byte(string text)
    {
        var content = TestData.Utf8(text);

        var paste = await Client.CreatePasteAsync(content);

        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task A_body_without_content_length_is_stored_in_full()
    {
        var content = TestData.AllByteValues();

        using var response = await Client.PostAsync(PasteApi.Chunked(content));
        var paste = await PasteApi.ReadCreatedAsync(response);

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task The_json_form_creates_a_text_paste()
    {
        using var response = await Client.PostAsync(PasteApi.Json("{\"content\": \"Hello, World!\"}"));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("Hello, World!")));
    }

    [Test]
    public async Task The_json_form_stores_the_decoded_string_as_utf8()
    {
        using var response = await Client.PostAsync(PasteApi.Json("{\"content\": \"caf\\u00e9\\r\\nline \\\"two\\\"\\n\", \"ignored\": 1}"));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("caf\u00e9\r\nline \"two\"\n")));
    }

    [Test]
    public async Task The_json_form_accepts_a_charset_parameter()
    {
        var content = PasteApi.Raw(TestData.Utf8("{\"content\":\"x\"}"), "application/json; charset=utf-8");

        using var response = await Client.PostAsync(content);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("x")));
    }

    [Test]
    public async Task The_json_form_owner_is_the_authenticated_caller()
    {
        using var response = await Client.PostAsync(PasteApi.Json("{\"content\":\"owned\"}"), Fingerprints.Bob);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Bob));
    }

    [Test]
    public async Task Json_form_content_is_typed_by_detection_not_by_the_request()
    {
        using var response = await Client.PostAsync(PasteApi.Json("{\"content\":\"<html><script>alert(1)</script></html>\"}"));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.MimeType, Is.EqualTo("text/plain"));
    }

    [TestCase("{}")]
    [TestCase("{\"content\": \"\"}")]
    [TestCase("{\"content\": null}")]
    [TestCase("{\"other\": \"value\"}")]
    public async Task Json_without_content_is_refused_as_no_content(string json)
    {
        using var response = await Client.PostAsync(PasteApi.Json(json));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "No content provided");
    }

    [TestCase("{\"content\": \"unterminated")]
    [TestCase("{content: \"x\"}")]
    [TestCase("{\"content\": \"x\"} trailing")]
    [TestCase("not json at all")]
    [TestCase("[\"content\"]")]
    [TestCase("\"content\"")]
    [TestCase("42")]
    [TestCase("null")]
    [TestCase("{\"content\": 42}")]
    [TestCase("{\"content\": true}")]
    [TestCase("{\"content\": {\"nested\": \"x\"}}")]
    [TestCase("{\"content\": [\"x\"]}")]
    public async Task Malformed_or_non_object_json_is_a_bad_request(string json)
    {
        using var response = await Client.PostAsync(PasteApi.Json(json));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Json_with_invalid_utf8_inside_the_string_is_a_bad_request()
    {
        byte[] body = [.. "{\"content\": \"ab"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        using var response = await Client.PostAsync(PasteApi.Raw(body, "application/json"));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Json_with_invalid_utf8_outside_strings_is_a_bad_request()
    {
        byte[] body = [.. "{"u8, 0xFF, 0xFE, .. "\"content\": \"x\"}"u8];

        using var response = await Client.PostAsync(PasteApi.Raw(body, "application/json"));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Json_in_utf16_is_a_bad_request()
    {
        var body = Encoding.Unicode.GetBytes("{\"content\": \"x\"}");

        using var response = await Client.PostAsync(PasteApi.Raw(body, "application/json"));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [TestCase(null)]
    [TestCase("application/octet-stream")]
    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("image/png")]
    [TestCase("application/json")]
    public async Task An_empty_body_is_refused_as_no_content(string? contentType)
    {
        using var response = await Client.PostRawAsync([], contentType);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "No content provided");
    }

    [Test]
    public async Task An_empty_body_without_content_length_is_refused_as_no_content()
    {
        using var response = await Client.PostAsync(PasteApi.Chunked([]));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "No content provided");
    }

    [Test]
    public async Task A_refused_paste_stores_nothing()
    {
        var before = await Factory.Database.CountAllAsync("Pastes");

        (await Client.PostRawAsync([])).Dispose();
        (await Client.PostAsync(PasteApi.Json("{\"content\": 1}"))).Dispose();
        (await Client.PostAsync(PasteApi.Json("{}"))).Dispose();

        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(before));
    }
}

public sealed class PublicBaseUrlTests(StorageProvider provider) : ApiFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:PublicBaseUrl"] = "https://paste.example.com/",
    };

    [Test]
    public async Task The_location_of_a_new_paste_uses_the_public_base_url()
    {
        var paste = await Client.CreatePasteAsync("behind a proxy");

        Assert.That(paste.Location, Is.EqualTo(new Uri($"https://paste.example.com/{paste.Id}")));
        Assert.That(paste.Url, Is.EqualTo($"/{paste.Id}"));
    }

    [Test]
    public async Task The_usage_examples_use_the_public_base_url()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));
        var info = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.That(info.GetProperty("usage").GetProperty("raw").GetString(), Is.EqualTo("curl --data-binary @file.txt https://paste.example.com/"));
    }
}
