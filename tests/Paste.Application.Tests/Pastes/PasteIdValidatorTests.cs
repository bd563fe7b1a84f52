using FluentValidation;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

/// <summary>Every use case that takes a paste id refuses a malformed one before touching storage.</summary>
internal static class MalformedPasteIds
{
    public const string InvalidIdMessage = "Invalid paste ID format";

    public static readonly object?[] Cases =
    [
        new TestCaseData(null).SetArgDisplayNames("null"),
        new TestCaseData("").SetArgDisplayNames("empty"),
        new TestCaseData("abc12345").SetArgDisplayNames("8 characters"),
        new TestCaseData("abcdefghijklmno").SetArgDisplayNames("15 characters"),
        new TestCaseData("abcdefghijklmnopq").SetArgDisplayNames("17 characters"),
        new TestCaseData("abcdefghijklmno!").SetArgDisplayNames("punctuation"),
        new TestCaseData("abcdefghijklmnoé").SetArgDisplayNames("non-ASCII letter"),
        new TestCaseData("../../etc/passwd").SetArgDisplayNames("path traversal"),
    ];

    public static IEnumerable<string> Messages<T>(IValidator<T> validator, T message) =>
        validator.Validate(message).Errors.Select(e => e.ErrorMessage);
}

public sealed class GetPasteMetadataValidatorTests
{
    private readonly GetPasteMetadataValidator validator = new();

    [TestCaseSource(typeof(MalformedPasteIds), nameof(MalformedPasteIds.Cases))]
    public void Rejects_a_malformed_id(string? id) =>
        Assert.That(MalformedPasteIds.Messages(validator, new GetPasteMetadataQuery(id!)), Does.Contain(MalformedPasteIds.InvalidIdMessage));

    [Test]
    public void Accepts_a_well_formed_id() =>
        Assert.That(validator.Validate(new GetPasteMetadataQuery(StoredPastes.Id)).IsValid, Is.True);
}

public sealed class GetPasteContentValidatorTests
{
    private readonly GetPasteContentValidator validator = new();

    [TestCaseSource(typeof(MalformedPasteIds), nameof(MalformedPasteIds.Cases))]
    public void Rejects_a_malformed_id(string? id) =>
        Assert.That(MalformedPasteIds.Messages(validator, new GetPasteContentQuery(id!)), Does.Contain(MalformedPasteIds.InvalidIdMessage));

    [Test]
    public void Accepts_a_well_formed_id() =>
        Assert.That(validator.Validate(new GetPasteContentQuery(StoredPastes.Id)).IsValid, Is.True);
}

public sealed class DeletePasteValidatorTests
{
    private readonly DeletePasteValidator validator = new();

    [TestCaseSource(typeof(MalformedPasteIds), nameof(MalformedPasteIds.Cases))]
    public void Rejects_a_malformed_id(string? id) =>
        Assert.That(
            MalformedPasteIds.Messages(validator, new DeletePasteCommand(id!, StoredPastes.Owner)),
            Does.Contain(MalformedPasteIds.InvalidIdMessage));

    // Who asks is the use case's question (401, 403), answered after the id is known to be well formed.
    [TestCase(StoredPastes.Owner)]
    [TestCase(null)]
    public void Accepts_a_well_formed_id_whoever_asks(string? requester) =>
        Assert.That(validator.Validate(new DeletePasteCommand(StoredPastes.Id, requester)).IsValid, Is.True);
}
