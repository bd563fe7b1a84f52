using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>Size limits with small values, so that every case is fast; the real server is covered by <see cref="KestrelTests"/>.</summary>
public sealed class SizeLimitTests(StorageProvider provider) : ApiFixture(provider)
{
    private const int AnonymousLimit = 1024;
    private const int AuthenticatedLimit = 4096;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "1024",
        ["Paste:MaxAuthenticatedBytes"] = "4096",
    };

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, long size, long maxSize, bool authenticated)
    {
        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.GetProperty("size").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(problem.GetProperty("size").GetInt64(), Is.EqualTo(size));
            Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(maxSize));
            Assert.That(problem.GetProperty("authenticated").GetBoolean(), Is.EqualTo(authenticated));
        }
    }

    [Test]
    public async Task An_anonymous_paste_over_the_limit_is_refused_with_its_declared_size()
    {
        using var response = await Client.PostRawAsync(TestData.Filled(AnonymousLimit + 1), "text/plain");

        await AssertTooLargeAsync(response, AnonymousLimit + 1, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task A_much_larger_declared_size_is_reported_as_declared()
    {
        using var response = await Client.PostRawAsync(TestData.Filled(100_000), "application/octet-stream");

        await AssertTooLargeAsync(response, 100_000, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task An_anonymous_paste_exactly_at_the_limit_is_created()
    {
        var content = TestData.Filled(AnonymousLimit);

        var paste = await Client.CreatePasteAsync(content, "text/plain");

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task An_authenticated_paste_between_the_two_limits_is_created()
    {
        var content = TestData.Filled(AnonymousLimit * 2);

        var paste = await Client.CreatePasteAsync(content, "text/plain", Fingerprints.Alice);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task An_authenticated_paste_exactly_at_its_limit_is_created()
    {
        var paste = await Client.CreatePasteAsync(TestData.Filled(AuthenticatedLimit), "text/plain", Fingerprints.Alice);

        Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("size").GetInt64(), Is.EqualTo(AuthenticatedLimit));
    }

    [Test]
    public async Task An_authenticated_paste_over_its_limit_is_refused()
    {
        using var response = await Client.PostRawAsync(TestData.Filled(AuthenticatedLimit + 1), "text/plain", Fingerprints.Alice);

        await AssertTooLargeAsync(response, AuthenticatedLimit + 1, AuthenticatedLimit, authenticated: true);
    }

    [Test]
    public async Task A_body_without_content_length_is_cut_off_one_byte_past_the_limit()
    {
        using var response = await Client.PostAsync(PasteApi.Chunked(TestData.Filled(AnonymousLimit * 10), "text/plain"));

        await AssertTooLargeAsync(response, AnonymousLimit + 1, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task An_authenticated_body_without_content_length_is_cut_off_past_its_limit()
    {
        using var response = await Client.PostAsync(PasteApi.Chunked(TestData.Filled(AuthenticatedLimit * 3)), Fingerprints.Alice);

        await AssertTooLargeAsync(response, AuthenticatedLimit + 1, AuthenticatedLimit, authenticated: true);
    }

    [Test]
    public async Task A_body_without_content_length_exactly_at_the_limit_is_created()
    {
        var content = TestData.Filled(AnonymousLimit);

        using var response = await Client.PostAsync(PasteApi.Chunked(content, "text/plain"));

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }

    [Test]
    public async Task The_json_form_counts_the_request_body_against_the_limit()
    {
        var json = $"{{\"content\": \"{new string('x', AnonymousLimit)}\"}}";

        using var response = await Client.PostAsync(PasteApi.Json(json));

        await AssertTooLargeAsync(response, json.Length, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task A_refused_paste_stores_nothing()
    {
        var before = await Factory.Database.CountAllAsync("Pastes");

        (await Client.PostRawAsync(TestData.Filled(AnonymousLimit + 1), "text/plain")).Dispose();
        (await Client.PostAsync(PasteApi.Chunked(TestData.Filled(AnonymousLimit * 2)))).Dispose();

        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(before));
    }
}
