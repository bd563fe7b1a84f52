using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>A paste as something to look at: its metadata and, when it is text of a size worth showing, the text.</summary>
public sealed record ViewPasteQuery(string Id) : IQuery<PasteView>;

/// <summary>
/// <see cref="Text"/> is the content decoded, when it is valid UTF-8 and no larger than
/// <see cref="PasteOptions.MaxAnonymousBytes"/>; otherwise null, and the bytes are only to be had raw.
/// </summary>
public sealed record PasteView(PasteMetadata Metadata, string? Text);

public sealed class ViewPasteValidator : AbstractValidator<ViewPasteQuery>
{
    public ViewPasteValidator() => RuleFor(q => q.Id).MustBeWellFormedPasteId();
}

/// <summary>
/// Reads the content, so it counts as a read, like <see cref="GetPasteContentQuery"/>; but it never shows the text of
/// a view-limited paste, nor takes one of its reads: what a link preview or a glance at the page sees must not burn
/// a paste, and the content of a paste meant to be read once must not be shown where it is not counted.
/// </summary>
public sealed class ViewPasteHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<ViewPasteQuery, PasteView>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async ValueTask<PasteView> Handle(ViewPasteQuery query, CancellationToken cancellationToken)
    {
        var expiry = options.Value.Expiry;
        var opened = await repository.OpenForReadAsync(query.Id, timeProvider.GetUtcNow(), expiry, cancellationToken);
        await using var content = opened.Content;
        var metadata = PasteMetadata.From(opened.Paste, expiry);
        if (metadata.Size > options.Value.MaxAnonymousBytes || metadata.ViewsLeft is not null)
        {
            return new PasteView(metadata, null);
        }

        var bytes = new byte[metadata.Size];
        await content.ReadExactlyAsync(bytes, cancellationToken);
        try
        {
            return new PasteView(metadata, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new PasteView(metadata, null);
        }
    }
}
