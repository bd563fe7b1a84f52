using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>With Paste:PublicBaseUrl set, absolute paste URLs are built on it rather than on the request's host.</summary>
public sealed class PublicBaseUrlTests(StorageProvider provider) : WebhookFixture(provider)
{
    private const string PublicBase = "https://paste.example.com/pastes";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        // The trailing slash is part of the test: URLs must not get two.
        ["Paste:PublicBaseUrl"] = PublicBase + "/",
    };

    [Test]
    public async Task Submit_answers_with_a_url_on_the_public_base_and_announces_the_same()
    {
        var paste = await Client.SubmitTextAsync("behind a proxy");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Url, Does.Match($"^{PublicBase}/[A-Za-z0-9_-]+$"));
            Assert.That(paste.Location?.ToString(), Is.EqualTo(paste.Url));
        }

        var notification = await Receiver.WaitForDeliveryAsync(paste.Url);
        NotificationAssert.IsAuthenticNewPaste(PublicKey, notification, paste.Url);
    }

    [Test]
    public async Task A_paste_created_with_post_is_announced_on_the_public_base()
    {
        var paste = await Client.CreatePasteAsync("also behind a proxy");
        var expected = $"{PublicBase}/{paste.Id}";

        var notification = await Receiver.WaitForDeliveryAsync(expected);

        NotificationAssert.IsAuthenticNewPaste(PublicKey, notification, expected);
    }
}
