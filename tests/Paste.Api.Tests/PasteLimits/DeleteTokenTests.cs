using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.PasteLimits;

/// <summary>Every create answers with a <c>delete_token</c>; <c>DELETE /{id}</c> with it as <c>X-Delete-Token</c> needs no identity.</summary>
public sealed class DeleteTokenTests(StorageProvider provider) : ApiFixture(provider)
{
    [TestCase(CreateForm.Json)]
    [TestCase(CreateForm.Headers)]
    [TestCase(CreateForm.Form)]
    public async Task Every_create_answers_with_a_delete_token_of_its_own(CreateForm form)
    {
        var first = await CreateAsync(form, "first");
        var second = await CreateAsync(form, "second");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Token, Has.Length.GreaterThanOrEqualTo(43));
            Assert.That(second.Token, Is.Not.EqualTo(first.Token));
        }
    }

    [Test]
    public async Task The_token_deletes_an_anonymous_paste_without_an_identity()
    {
        var paste = await CreateAsync(CreateForm.Headers, "delete me with my token");

        using var response = await Client.DeleteWithTokenAsync(paste.Id, paste.Token);

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await Factory.Database.RowsForAsync(paste.Id), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task The_token_deletes_an_owned_paste_for_whoever_holds_it()
    {
        var paste = await CreateAsync(CreateForm.Headers, "alice's, but the token was shared", Fingerprints.Alice);

        using var anonymously = await Client.DeleteWithTokenAsync(paste.Id, paste.Token);

        Assert.That(anonymously.StatusCode, Is.EqualTo(HttpStatusCode.OK), await anonymously.Content.ReadAsStringAsync());
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_token_deletes_a_paste_even_for_another_identity()
    {
        var paste = await CreateAsync(CreateForm.Headers, "alice's", Fingerprints.Alice);

        using var byBob = await Client.DeleteWithTokenAsync(paste.Id, paste.Token, Fingerprints.Bob);

        Assert.That(byBob.StatusCode, Is.EqualTo(HttpStatusCode.OK), await byBob.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_wrong_token_is_forbidden_and_deletes_nothing()
    {
        var paste = await CreateAsync(CreateForm.Headers, "kept");

        using var response = await Client.DeleteWithTokenAsync(paste.Id, "not-the-token-not-the-token-not-the-token-xx");

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "Permission denied");
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("kept")));
    }

    [Test]
    public async Task The_token_of_one_paste_does_not_delete_another()
    {
        var mine = await CreateAsync(CreateForm.Headers, "mine");
        var yours = await CreateAsync(CreateForm.Headers, "yours");

        using var response = await Client.DeleteWithTokenAsync(yours.Id, mine.Token);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(await Client.StatusOfAsync($"/{yours.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Without_a_token_an_anonymous_caller_must_still_authenticate()
    {
        var paste = await CreateAsync(CreateForm.Headers, "kept");

        using var response = await Client.DeletePasteAsync(paste.Id);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_token_deletes_once_and_then_the_paste_is_not_found()
    {
        var paste = await CreateAsync(CreateForm.Headers, "once");
        (await Client.DeleteWithTokenAsync(paste.Id, paste.Token)).Dispose();

        using var again = await Client.DeleteWithTokenAsync(paste.Id, paste.Token);

        await ResponseAssert.ProblemAsync(again, HttpStatusCode.NotFound, "Paste not found");
    }

    [Test]
    public async Task The_token_deletes_a_view_limited_paste_before_it_is_read()
    {
        var paste = await CreateAsync(CreateForm.Json, "changed my mind", burn: true);

        using var response = await Client.DeleteWithTokenAsync(paste.Id, paste.Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<(string Id, string Token)> CreateAsync(CreateForm form, string text, string? fingerprint = null, bool? burn = null)
    {
        using var response = await Client.SendAsync(LimitedPasteApi.Create(form, text, burn: burn, fingerprint: fingerprint));
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.That(body.GetProperty("delete_token").ValueKind, Is.EqualTo(JsonValueKind.String));
        return (body.GetProperty("id").GetString()!, body.GetProperty("delete_token").GetString()!);
    }
}
