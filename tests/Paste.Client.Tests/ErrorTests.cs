using Paste.Client.Tests.Support;

namespace Paste.Client.Tests;

/// <summary>Refusals reach callers as typed exceptions whose status and error string can be read.</summary>
public sealed class ErrorTests(StorageProvider provider) : ClientFixture(provider)
{
    private const int MaxAnonymousBytes = 2048;
    private const string UnknownId = "ZZZZZZZZZZZZZZZZ";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = MaxAnonymousBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public void An_unknown_paste_is_404_paste_not_found()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.GetPasteMetadataAsync(UnknownId));

        AssertProblem(error, 404, "Paste not found");
    }

    [Test]
    public void Unknown_raw_content_is_404_too()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.GetPasteRawAsync(UnknownId));

        AssertProblem(error, 404, "Paste not found");
    }

    [Test]
    public void A_malformed_id_is_400()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.GetPasteMetadataAsync("abc"));

        AssertProblem(error, 400, "Invalid paste ID format");
    }

    [Test]
    public void An_empty_paste_is_400()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.CreatePasteAsync(string.Empty));

        AssertProblem(error, 400, "No content provided");
    }

    [Test]
    public void A_paste_over_the_anonymous_limit_is_413_with_the_sizes()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.CreatePasteAsync(TestData.Filled(MaxAnonymousBytes + 1)));

        AssertProblem(error, 413, "Paste too large");
        Assert.That((error.Result.Size, error.Result.MaxSize, error.Result.Authenticated), Is.EqualTo(((long?)MaxAnonymousBytes + 1, (long?)MaxAnonymousBytes, (bool?)false)));
    }

    [Test]
    public async Task An_identified_caller_may_send_more_than_the_anonymous_limit()
    {
        var created = await Alice.CreatePasteAsync(TestData.Filled(MaxAnonymousBytes + 1));

        Assert.That((await Alice.GetPasteMetadataAsync(created.Id)).Size, Is.EqualTo(MaxAnonymousBytes + 1));
    }

    [Test]
    public async Task Deleting_without_a_certificate_is_401()
    {
        var created = await Alice.CreatePasteAsync("mine");

        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.DeletePasteAsync(created.Id));

        AssertProblem(error, 401, "Authentication required");
    }

    [Test]
    public void Listing_without_a_certificate_is_401()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Anonymous.ListPastesAsync());

        AssertProblem(error, 401, "Authentication required");
    }

    [Test]
    public void A_list_limit_over_a_hundred_is_400()
    {
        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Alice.ListPastesAsync(limit: 101));

        AssertProblem(error, 400, "limit must be a whole number from 1 to 100");
    }

    [Test]
    public async Task Deleting_someone_elses_paste_is_403()
    {
        var created = await Alice.CreatePasteAsync("mine");

        var error = Assert.ThrowsAsync<PasteApiException<ErrorResponse>>(() => Bob.DeletePasteAsync(created.Id));

        AssertProblem(error, 403, "Permission denied");
        Assert.That((await Anonymous.GetPasteMetadataAsync(created.Id)).Id, Is.EqualTo(created.Id), "the paste is still there");
    }

    [Test]
    public void Submit_errors_come_in_the_submit_envelope()
    {
        var error = Assert.ThrowsAsync<PasteApiException<SubmitErrorResponse>>(() => Anonymous.SubmitPasteAsync(new SubmitPasteRequest { C = string.Empty }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.StatusCode, Is.EqualTo(400));
            Assert.That(error.Result.Status, Is.EqualTo("error"));
            Assert.That(error.Result.Error, Is.EqualTo("No content provided"));
            Assert.That(error.Error, Is.EqualTo("No content provided"));
            Assert.That(error.Result.RequestId, Is.Not.Empty);
        }
    }

    [Test]
    public void A_submission_over_the_limit_is_413_in_the_submit_envelope()
    {
        var text = new string('x', MaxAnonymousBytes + 1);

        var error = Assert.ThrowsAsync<PasteApiException<SubmitErrorResponse>>(() => Anonymous.SubmitPasteAsync(new SubmitPasteRequest { C = text }));

        Assert.That((error.StatusCode, error.Result.Error, error.Result.MaxSize), Is.EqualTo((413, "Paste too large", (long?)MaxAnonymousBytes)));
    }

    private static void AssertProblem(PasteApiException<ErrorResponse>? error, int status, string message)
    {
        Assert.That(error, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.StatusCode, Is.EqualTo(status));
            Assert.That(error.Result.Status, Is.EqualTo(status));
            Assert.That(error.Result.Error, Is.EqualTo(message));
            Assert.That(error.Error, Is.EqualTo(message), "the error string without the typed body");
            Assert.That(error.Result.Type, Does.StartWith("https://tools.ietf.org/html/rfc9110#section-"));
            Assert.That(error.Result.RequestId, Is.EqualTo(error.Headers["X-Request-ID"].Single()));
            Assert.That(error.Message, Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain(message), "readable as it is");
        }
    }
}
