using System.Text;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class ViewPasteHandlerTests
{
    private const long MaxAnonymousBytes = 16;

    private static readonly ViewPasteQuery Query = new(StoredPastes.Id);

    private Mock<IPasteRepository> repository = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        clock = new FakeTimeProvider(StoredPastes.LastAccessedAt + TimeSpan.FromDays(1));
    }

    [Test]
    public async Task Valid_utf8_within_the_anonymous_limit_is_the_text()
    {
        using var content = Store(Encoding.UTF8.GetBytes("héllo 🐍"));

        var view = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(view.Text, Is.EqualTo("héllo 🐍"));
        Assert.That(content.CanRead, Is.False, "the content stream is closed");
    }

    [Test]
    public async Task Invalid_utf8_has_no_text()
    {
        using var content = Store([(byte)'a', 0xC3, 0x28]);

        var view = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(view.Text, Is.Null);
        Assert.That(view.Metadata.Size, Is.EqualTo(3));
    }

    [Test]
    public async Task Content_over_the_anonymous_limit_has_no_text_and_is_not_read()
    {
        using var content = Store(Encoding.ASCII.GetBytes(new string('x', (int)MaxAnonymousBytes + 1)));

        var view = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(view.Text, Is.Null);
        Assert.That(content.CanRead, Is.False, "the content stream is closed");
    }

    [Test]
    public async Task Counts_as_a_read()
    {
        using var content = Store(Encoding.UTF8.GetBytes("read me"));

        await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(r => r.RecordAccessAsync(StoredPastes.Id, clock.GetUtcNow(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private MemoryStream Store(byte[] bytes)
    {
        var content = new MemoryStream(bytes);
        var paste = PasteEntity.Restore(StoredPastes.Id, "text/plain", bytes.Length, StoredPastes.CreatedAt, StoredPastes.LastAccessedAt, null);
        repository.Setup(r => r.OpenAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new OpenedPaste(paste, content));
        return content;
    }

    private ViewPasteHandler Handler() =>
        new(repository.Object, clock, Microsoft.Extensions.Options.Options.Create(new PasteOptions { Expiry = StoredPastes.Expiry, MaxAnonymousBytes = MaxAnonymousBytes }));
}
