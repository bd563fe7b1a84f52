using System.Net;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// GET / from a browser is the form that creates a paste; posting it answers 303 See Other to the new paste's page.
/// curl keeps the JSON info document and the 201 JSON answer.
/// </summary>
public sealed partial class CreatePageTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task A_browser_gets_a_form_that_posts_one_text_area_and_one_file_input_to_the_service()
    {
        using var response = await Client.SendAsync(Browser.Navigate("/"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<form class=\"create\" method=\"post\" action=\"/\" enctype=\"multipart/form-data\">"));
            Assert.That(html, Does.Contain("<textarea id=\"content\" name=\"content\""));
            Assert.That(html, Does.Contain("<input id=\"file\" name=\"file\" type=\"file\">"));
            Assert.That(html, Does.Contain("<label for=\"content\">"), "every control has a label");
            Assert.That(html, Does.Contain("<label for=\"file\">"));
            Assert.That(html, Does.Contain("Up to 3.0 MiB."), "the anonymous limit");
            Assert.That(html, Does.Contain("curl --data-binary @file.txt http://localhost/"));
            Assert.That(Regex.Count(html, "type=\"hidden\""), Is.Zero, "no hidden fields");
            Assert.That(response.Headers.Vary, Does.Contain("Accept"), "caches keep the page and the JSON apart");
        }
    }

    [Test]
    public async Task The_form_offers_lifetimes_up_to_the_cap_a_reads_limit_and_burn_after_reading()
    {
        using var response = await Client.SendAsync(Browser.Navigate("/"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<select id=\"expires_in\" name=\"expires_in\">"));
            Assert.That(html, Does.Contain("<option value=\"\">Until unread for 5 days</option>"), "the default keeps the service's expiry");
            Assert.That(html, Does.Contain("<option value=\"600\">10 minutes</option>"));
            Assert.That(html, Does.Contain("<option value=\"2592000\">30 days</option>"), "the cap, 30 days by default");
            Assert.That(html, Does.Contain("<input id=\"max_views\" name=\"max_views\" type=\"number\" min=\"1\""));
            Assert.That(html, Does.Contain("<input id=\"burn_after_reading\" name=\"burn_after_reading\" type=\"checkbox\" value=\"1\">"));
            Assert.That(html, Does.Contain("<label for=\"burn_after_reading\">"));
        }
    }

    [Test]
    public async Task A_form_posted_with_burn_after_reading_makes_a_paste_whose_page_keeps_its_content_for_the_one_read()
    {
        using var created = await Client.SendAsync(Browser.PostForm(
            "for one pair of eyes\n", options: new Dictionary<string, string> { ["burn_after_reading"] = "1", ["expires_in"] = "3600", ["max_views"] = string.Empty }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await created.Content.ReadAsStringAsync());
        var id = created.Headers.Location!.AbsolutePath.TrimStart('/');

        using var page = await Client.SendAsync(Browser.Navigate("/" + id));
        var html = await ResponseAssert.PageAsync(page, HttpStatusCode.OK);
        using var raw = await Client.GetAsync($"/{id}/raw");
        using var again = await Client.GetAsync($"/{id}/raw");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("for one pair of eyes"), "the page does not show what only one read may see");
            Assert.That(html, Does.Contain("This paste is deleted after its next read."));
            Assert.That(html, Does.Contain("burns after reading"));
            Assert.That(html, Does.Not.Contain("later if read again"), "its own lifetime of an hour comes first");
            Assert.That(await raw.Content.ReadAsStringAsync(), Is.EqualTo("for one pair of eyes\n"), "opening the page spent no read");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [TestCase(null)]
    [TestCase("*/*")]
    [TestCase("application/json")]
    public async Task Curl_and_api_clients_keep_the_info_document(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Client.SendAsync(request);
        var info = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.That(info.GetProperty("name").GetString(), Is.EqualTo("Paste"));
    }

    [Test]
    public async Task Text_typed_into_the_form_becomes_a_paste_and_the_browser_is_sent_to_its_page()
    {
        using var response = await Client.SendAsync(Browser.PostForm("typed into the form\n"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        var id = location.AbsolutePath.TrimStart('/');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(location.ToString(), Does.Match("^http://localhost/[A-Za-z0-9]{16}$"));
            Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("typed into the form\n")));
        }

        using var page = await Client.SendAsync(Browser.Navigate(location.AbsolutePath));
        Assert.That(await ResponseAssert.PageAsync(page, HttpStatusCode.OK), Does.Contain("typed into the form"));
    }

    [Test]
    public async Task A_file_chosen_in_the_form_is_stored_byte_for_byte_with_its_type()
    {
        using var response = await Client.SendAsync(Browser.PostForm(null, ("shot.png", TestData.Png, "image/png")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
        var id = response.Headers.Location!.AbsolutePath.TrimStart('/');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Png));
            Assert.That((await Client.GetMetadataAsync(id)).GetProperty("mime_type").GetString(), Is.EqualTo("image/png"));
        }
    }

    [Test]
    public async Task Text_and_a_file_at_once_are_refused_with_a_page_that_says_why()
    {
        using var response = await Client.SendAsync(Browser.PostForm("some text", ("a.txt", TestData.Utf8("a file"), "text/plain")));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.BadRequest);

        Assert.That(html, Does.Contain("A multipart body must have exactly one non-empty part with content (a file, or a field named content), besides expires_in, max_views and burn_after_reading"));
    }

    [Test]
    public async Task An_empty_form_is_no_content()
    {
        using var response = await Client.SendAsync(Browser.PostForm(null));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.BadRequest);

        Assert.That(html, Does.Contain("<p>No content provided</p>"));
    }

    [TestCase("cross-site")]
    [TestCase("same-site")]
    public async Task A_form_on_another_site_cannot_post_here(string site)
    {
        using var request = Browser.PostForm("planted by another site");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Site", site);
        var pastesBefore = await Factory.Database.CountAllAsync("Pastes");

        using var response = await Client.SendAsync(request);
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.Forbidden);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<p>Requests from other sites may not change anything</p>"));
            Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastesBefore), "nothing stored");
        }
    }

    [TestCase("same-origin")]
    [TestCase("none")]
    public async Task The_services_own_form_and_a_bookmark_may_post(string site)
    {
        using var request = Browser.PostForm("posted from this site");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Site", site);

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_same_form_from_curl_gets_the_json_answer()
    {
        using var form = Browser.PostForm("from curl -F");
        form.Headers.Accept.Clear();

        using var response = await Client.SendAsync(form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await PasteApi.ReadCreatedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(created.Id), Is.EqualTo(TestData.Utf8("from curl -F")));
    }
}
