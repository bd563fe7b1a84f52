using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Paste.Api.Tests.Pages;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>
/// <c>max_views</c> and <c>burn_after_reading</c>: each content read (<c>GET /{id}/raw</c> answered with the content)
/// takes one of the reads allowed, and the last one deletes the paste. Metadata, HEAD, the JSON document and the page
/// take none, and never show the content, nor its fingerprint (SHA-256, entity tag, digest), which would confirm a guess
/// of it offline; a conditional request is answered as a read.
/// </summary>
public sealed class ViewLimitTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly int[] ThreeTwoOne = [3, 2, 1];

    [Test]
    public async Task Burn_after_reading_serves_the_content_once([Values] CreateForm form)
    {
        var id = await Client.CreateAsync(form, "read me once", burn: true);
        var metadata = await Client.GetMetadataAsync(id);

        var first = await Client.GetRawBytesAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.GetProperty("burn_after_reading").GetBoolean(), Is.True);
            Assert.That(metadata.GetProperty("views_left").GetInt32(), Is.EqualTo(1));
            Assert.That(first, Is.EqualTo(TestData.Utf8("read me once")));
            Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await Client.StatusOfAsync($"/{id}"), Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task Max_views_serves_the_content_that_many_times([Values] CreateForm form)
    {
        var id = await Client.CreateAsync(form, "read me three times", maxViews: 3);
        var viewsLeft = new List<int> { (await Client.GetMetadataAsync(id)).GetProperty("views_left").GetInt32() };

        for (var read = 0; read < 2; read++)
        {
            Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("read me three times")), $"read {read + 1}");
            viewsLeft.Add((await Client.GetMetadataAsync(id)).GetProperty("views_left").GetInt32());
        }

        var last = await Client.GetRawBytesAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(viewsLeft, Is.EqualTo(ThreeTwoOne));
            Assert.That(last, Is.EqualTo(TestData.Utf8("read me three times")));
            Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await Client.StatusOfAsync($"/{id}"), Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task The_create_answer_says_how_many_reads_are_allowed()
    {
        using var limited = await Client.SendAsync(LimitedPasteApi.Create(CreateForm.Json, "twice", maxViews: 2));
        using var burnt = await Client.SendAsync(LimitedPasteApi.Create(CreateForm.Json, "once", burn: true));

        var limitedBody = await ResponseAssert.JsonAsync(limited, HttpStatusCode.Created);
        var burntBody = await ResponseAssert.JsonAsync(burnt, HttpStatusCode.Created);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(limitedBody.GetProperty("views_left").GetInt32(), Is.EqualTo(2));
            Assert.That(limitedBody.TryGetProperty("burn_after_reading", out _), Is.False, "only said when true");
            Assert.That(burntBody.GetProperty("views_left").GetInt32(), Is.EqualTo(1));
            Assert.That(burntBody.GetProperty("burn_after_reading").GetBoolean(), Is.True);
        }
    }

    [Test]
    public async Task The_last_read_deletes_the_paste_from_storage()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "gone after this", burn: true);

        _ = await Client.GetRawBytesAsync(id);

        Assert.That(await Factory.Database.RowsForAsync(id), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Metadata_reads_take_no_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "still unread", burn: true);

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await Client.GetMetadataAsync(id)).GetProperty("views_left").GetInt32(), Is.EqualTo(1));
        }

        Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("still unread")));
    }

    [Test]
    public async Task Head_takes_no_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "still unread", burn: true);

        for (var i = 0; i < 3; i++)
        {
            using var head = await Client.RawAsync(HttpMethod.Head, id);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(12));
                Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
            }
        }

        Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("still unread")));
    }

    [Test]
    public async Task Nothing_shown_before_the_read_or_with_it_gives_the_contents_fingerprint()
    {
        // A four-digit PIN: with its SHA-256 in hand, ten thousand guesses offline would find it.
        const string pin = "4711";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(TestData.Utf8(pin)));
        var id = await Client.CreateAsync(CreateForm.Headers, pin, burn: true);
        using var document = new HttpRequestMessage(HttpMethod.Get, $"/{id}");
        document.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var metadata = await Client.GetMetadataAsync(id);
        using var documentResponse = await Client.SendAsync(document);
        using var pageResponse = await Client.SendAsync(Browser.Navigate($"/{id}"));
        using var head = await Client.RawAsync(HttpMethod.Head, id);
        using var read = await Client.RawAsync(id);

        var documentBody = await ResponseAssert.JsonAsync(documentResponse, HttpStatusCode.OK);
        var page = await ResponseAssert.PageAsync(pageResponse, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.TryGetProperty("sha256", out _), Is.False, "the metadata");
            Assert.That(metadata.GetProperty("size").GetInt64(), Is.EqualTo(4), "a size bounds a guess but cannot confirm one");
            Assert.That(documentBody.TryGetProperty("sha256", out _), Is.False, "the JSON document");
            Assert.That(page, Does.Not.Contain(sha256), "the page");
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Headers.ETag, Is.Null, "HEAD");
            Assert.That(ResponseAssert.Header(head, "Content-Digest"), Is.Null, "HEAD");
            Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(pin));
            Assert.That(read.Headers.ETag, Is.Null, "the read: a tag to compare guesses with, for whoever sees it");
            Assert.That(ResponseAssert.Header(read, "Content-Digest"), Is.Null, "the read");
        }
    }

    [Test]
    public async Task A_view_limited_paste_carries_no_fingerprint_between_its_reads()
    {
        var id = await Client.CreateAsync(CreateForm.Json, "read me twice", maxViews: 2);

        using var first = await Client.RawAsync(id);
        var metadata = await Client.GetMetadataAsync(id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Headers.ETag, Is.Null);
            Assert.That(metadata.GetProperty("views_left").GetInt32(), Is.EqualTo(1));
            Assert.That(metadata.TryGetProperty("sha256", out _), Is.False);
        }
    }

    [TestCase("If-None-Match", "\"{sha256}\"", TestName = "{m}(If-None-Match with its SHA-256)")]
    [TestCase("If-None-Match", "*", TestName = "{m}(If-None-Match: *)")]
    [TestCase("If-Modified-Since", "{future}", TestName = "{m}(If-Modified-Since)")]
    [TestCase("If-Range", "\"{sha256}\"", TestName = "{m}(If-Range with a Range)")]
    public async Task A_conditional_request_is_not_answered_and_spends_a_view(string header, string value)
    {
        const string text = "no shortcut past the count";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(TestData.Utf8(text)));
        var condition = value.Replace("{sha256}", sha256, StringComparison.Ordinal)
            .Replace("{future}", DateTimeOffset.UtcNow.AddDays(1).ToString("R", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var id = await Client.CreateAsync(CreateForm.Headers, text, maxViews: 2);

        using var head = await Client.RawAsync(HttpMethod.Head, id, (header, condition), ("Range", "bytes=0-3"));
        using var first = await Client.RawAsync(id, (header, condition), ("Range", "bytes=0-3"));
        using var second = await Client.RawAsync(id, (header, condition), ("Range", "bytes=0-3"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK), "HEAD confirms nothing either");
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo(text));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(text));
            Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound), "two reads spent two views");
        }
    }

    [Test]
    public async Task A_client_holding_another_version_gets_the_content_and_takes_a_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "read by a stale cache", burn: true);

        using var response = await Client.RawAsync(id, ("If-None-Match", $"\"{new string('0', 64)}\""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Client.StatusOfAsync($"/{id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_json_document_shows_no_content_and_takes_no_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "secret text", burn: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await Client.SendAsync(request);

        var document = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(document.TryGetProperty("data", out _), Is.False);
            Assert.That(document.ToString(), Does.Not.Contain("secret text"));
            Assert.That(document.GetProperty("views_left").GetInt32(), Is.EqualTo(1));
            Assert.That(document.GetProperty("burn_after_reading").GetBoolean(), Is.True);
        }

        Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("secret text")));
    }

    [Test]
    public async Task The_page_shows_no_text_and_takes_no_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "secret text", maxViews: 2);

        using var response = await Client.SendAsync(Browser.Navigate($"/{id}"));

        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("secret text"));
            Assert.That(html, Does.Contain("This paste is deleted after 2 more reads"), "says why the text is not shown");
        }


        Assert.That((await Client.GetMetadataAsync(id)).GetProperty("views_left").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task The_page_of_a_view_limited_image_does_not_show_it_so_that_opening_the_page_burns_nothing()
    {
        using var create = PasteApi.Post(PasteApi.Raw(TestData.Png, "image/png"));
        create.Headers.Add(LimitedPasteApi.MaxViewsHeader, "1");
        var id = (await PasteApi.ReadCreatedAsync(await Client.SendAsync(create))).Id;

        using var response = await Client.SendAsync(Browser.Navigate($"/{id}"));

        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<img src=\"/" + id + "/raw\""), "a browser would fetch the image at once and take the only read");
            Assert.That(html, Does.Contain($"href=\"/{id}/raw\""), "a link the reader chooses to follow");
            Assert.That(html, Does.Contain("This paste is deleted after its next read."));
        }
    }

    [Test]
    public async Task A_range_request_gets_the_whole_content_and_takes_a_view()
    {
        var id = await Client.CreateAsync(CreateForm.Headers, "whole or nothing", maxViews: 2);

        using var response = await Client.RawAsync(id, ("Range", "bytes=0-3"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(TestData.Utf8("whole or nothing")));
            Assert.That(ResponseAssert.Header(response, "Accept-Ranges"), Is.EqualTo("none"));
            Assert.That(response.Content.Headers.ContentRange, Is.Null);
        }

        Assert.That((await Client.GetMetadataAsync(id)).GetProperty("views_left").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Burn_after_reading_with_another_number_of_reads_is_refused([Values] CreateForm form)
    {
        using var response = await Client.SendAsync(LimitedPasteApi.Create(form, "contradiction", maxViews: 3, burn: true));

        Assert.That(
            await LimitedPasteApi.RefusedAsync(form, response, HttpStatusCode.BadRequest),
            Is.EqualTo("burn_after_reading means max_views 1; send one or the other"));
    }

    [Test]
    public async Task Burn_after_reading_with_one_read_is_the_same_thing()
    {
        var id = await Client.CreateAsync(CreateForm.Json, "once", maxViews: 1, burn: true);

        Assert.That((await Client.GetMetadataAsync(id)).GetProperty("burn_after_reading").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Burn_after_reading_turned_off_is_an_ordinary_paste([Values] CreateForm form)
    {
        var id = await Client.CreateAsync(form, "ordinary", burn: false);

        _ = await Client.GetRawBytesAsync(id);

        var metadata = await Client.GetMetadataAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.TryGetProperty("views_left", out _), Is.False);
            Assert.That(metadata.TryGetProperty("burn_after_reading", out _), Is.False);
        }
    }

    [TestCase("0")]
    [TestCase("-2")]
    [TestCase("many")]
    [TestCase("2147483648", TestName = "{m}(beyond a 32-bit number)")]
    [TestCase("-4294967295", TestName = "{m}(below a 32-bit number, where its low bits are 1)")]
    public async Task A_number_of_reads_that_is_not_a_whole_number_of_at_least_one_is_refused(string value)
    {
        using var inHeader = await Client.SendAsync(LimitedPasteApi.Raw("/", "never stored", (LimitedPasteApi.MaxViewsHeader, value)));
        using var inForm = await Client.PostAsync(new MultipartFormDataContent { { new StringContent("never stored"), "content" }, { new StringContent(value), "max_views" } });

        await ResponseAssert.ProblemAsync(inHeader, HttpStatusCode.BadRequest);
        await ResponseAssert.ProblemAsync(inForm, HttpStatusCode.BadRequest);
    }

    [TestCase("maybe")]
    [TestCase("2")]
    public async Task A_burn_flag_that_is_not_yes_or_no_is_refused(string value)
    {
        using var response = await Client.SendAsync(LimitedPasteApi.Raw("/", "never stored", (LimitedPasteApi.BurnHeader, value)));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "X-Paste-Burn must be true or false (1 or 0)");
    }
}
