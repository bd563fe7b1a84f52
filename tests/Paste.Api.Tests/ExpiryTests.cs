using System.Net;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>Pastes expire a fixed time after their last read. Time is a fake clock the tests move.</summary>
public sealed class ExpiryTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    /// <summary>min(60 s, Expiry / 10) for a one-hour expiry.</summary>
    private static readonly TimeSpan CoalescingWindow = TimeSpan.FromSeconds(60);

    private FakeTimeProvider Time => Factory.Time!;

    protected override PasteApiFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["Paste:Expiry"] = "01:00:00" }, time: PasteApiFactory.NewFakeTime(), provider: Provider);

    private long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    [Test]
    public async Task Created_at_and_expires_at_come_from_the_applications_clock()
    {
        var createdAt = Now;

        var paste = await Client.CreatePasteAsync("clocked");
        var metadata = await Client.GetMetadataAsync(paste.Id);

        Assert.That(paste.CreatedAt, Is.EqualTo(createdAt));
        Assert.That(metadata.GetProperty("created_at").GetInt64(), Is.EqualTo(createdAt));
        Assert.That(metadata.GetProperty("expires_at").GetInt64(), Is.EqualTo(createdAt + (long)Expiry.TotalSeconds));
    }

    [Test]
    public async Task A_paste_is_readable_until_just_before_its_expiry()
    {
        var paste = await Client.CreatePasteAsync("almost expired");

        Time.Advance(Expiry - TimeSpan.FromSeconds(1));

        Assert.That(await Client.StatusOfAsync($"/{paste.Id}/raw"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_paste_not_read_for_longer_than_the_expiry_is_gone()
    {
        var paste = await Client.CreatePasteAsync("forgotten", Fingerprints.Alice);

        Time.Advance(Expiry + TimeSpan.FromSeconds(1));

        using var metadata = await Client.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative));
        using var raw = await Client.GetAsync(new Uri($"/{paste.Id}/raw", UriKind.Relative));
        using var head = await Client.SendAsync(HttpMethod.Head, $"/{paste.Id}/raw");
        using var delete = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);
        await ResponseAssert.ProblemAsync(metadata, HttpStatusCode.NotFound, "Paste not found");
        await ResponseAssert.ProblemAsync(raw, HttpStatusCode.NotFound, "Paste not found");
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await ResponseAssert.ProblemAsync(delete, HttpStatusCode.NotFound, "Paste not found");
    }

    [Test]
    public async Task A_paste_read_regularly_outlives_several_expiries()
    {
        var paste = await Client.CreatePasteAsync("popular");

        // Eight reads half an expiry apart: four expiries in all.
        for (var read = 0; read < 8; read++)
        {
            Time.Advance(Expiry / 2);
            Assert.That(await Client.StatusOfAsync(read % 2 == 0 ? $"/{paste.Id}/raw" : $"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK), $"read {read}");
        }
    }

    [Test]
    public async Task Reading_the_raw_content_moves_the_expiry_forward()
    {
        var paste = await Client.CreatePasteAsync("raw read");

        Time.Advance(Expiry / 2);
        _ = await Client.GetRawBytesAsync(paste.Id);
        Time.Advance((Expiry / 2) + TimeSpan.FromMinutes(1));

        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Expires_at_moves_forward_after_a_read_older_than_the_coalescing_window()
    {
        var paste = await Client.CreatePasteAsync("moving");
        var first = (await Client.GetMetadataAsync(paste.Id)).GetProperty("expires_at").GetInt64();

        Time.Advance(CoalescingWindow + TimeSpan.FromSeconds(30));
        var readAt = Now;
        var second = (await Client.GetMetadataAsync(paste.Id)).GetProperty("expires_at").GetInt64();

        Assert.That(second, Is.GreaterThan(first));
        Assert.That(second, Is.EqualTo(readAt + (long)Expiry.TotalSeconds));

        // The moved expiry was stored, not only reported.
        Time.Advance(Expiry - TimeSpan.FromSeconds(1));
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_paste_stays_readable_until_the_expires_at_its_metadata_reported()
    {
        var paste = await Client.CreatePasteAsync("promised");

        // A read inside the coalescing window: the application may skip storing it,
        // but whatever expires_at it reports must then hold.
        Time.Advance(CoalescingWindow / 2);
        var reported = DateTimeOffset.FromUnixTimeSeconds((await Client.GetMetadataAsync(paste.Id)).GetProperty("expires_at").GetInt64());

        Time.Advance(reported - Time.GetUtcNow() - TimeSpan.FromSeconds(1));

        Assert.That(await Client.StatusOfAsync($"/{paste.Id}/raw"), Is.EqualTo(HttpStatusCode.OK),
            $"metadata promised the paste until {reported:O}; it is now {Time.GetUtcNow():O}");
    }
}
