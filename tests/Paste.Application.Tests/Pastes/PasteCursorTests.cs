using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class PasteCursorTests
{
    [Test]
    public void A_cursor_decodes_to_the_position_it_was_made_from_to_the_millisecond()
    {
        var position = new PasteCursor(StoredPastes.CreatedAt.AddMilliseconds(789), StoredPastes.Id);

        var decoded = PasteCursor.Decode(position.Encode());

        Assert.That(decoded, Is.EqualTo(position));
    }

    [Test]
    public void A_cursor_needs_no_escaping_in_a_query_string()
    {
        var token = new PasteCursor(StoredPastes.CreatedAt, StoredPastes.Id).Encode();

        Assert.That(token, Is.EqualTo(Uri.EscapeDataString(token)).And.Not.Contain("="));
    }
}
