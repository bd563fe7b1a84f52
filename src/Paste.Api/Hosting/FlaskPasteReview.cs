using System.Text.RegularExpressions;

namespace Paste.Api.Hosting;

/// <summary>
/// What became of the FlaskPaste variables that were set: <paramref name="Applied"/> ones supply their Paste key;
/// <paramref name="Ignored"/> ones give way to the key set another way; <paramref name="Problems"/> name a variable that
/// would apply but whose value cannot be used.
/// </summary>
public sealed record FlaskPasteReview(IReadOnlyList<FlaskPasteVariable> Applied, IReadOnlyList<FlaskPasteVariable> Ignored, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// A settings failure that names a key an applied variable supplied, with that variable named too, so that an
    /// operator who never wrote the Paste key knows which line to fix: "Paste:Expiry (from FLASKPASTE_EXPIRY) must …".
    /// </summary>
    public string Explain(string failure) =>
        Applied.Aggregate(failure, (text, variable) => Regex.Replace(
            text,
            $@"{Regex.Escape(variable.Key)}(?![\w:])",
            $"{variable.Key} (from {variable.Name})",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)));
}
