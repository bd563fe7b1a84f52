using FluentValidation;
using Paste.Domain.Pastes;

namespace Paste.Application.Pastes;

internal static class PasteIdRules
{
    public const string InvalidIdMessage = "Invalid paste ID format";

    public static IRuleBuilderOptions<T, string> MustBeWellFormedPasteId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(PasteId.IsWellFormed).WithMessage(InvalidIdMessage);
}
