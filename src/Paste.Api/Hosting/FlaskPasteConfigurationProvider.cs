using System.Collections;

namespace Paste.Api.Hosting;

/// <summary>
/// Reads the FlaskPaste variables that are set, converted to the form of the Paste key each one stands for. A value
/// that does not convert sets no key; it is kept as a problem, which the start-up checks report by the variable's name.
/// </summary>
public sealed class FlaskPasteConfigurationProvider(IDictionary environment) : ConfigurationProvider
{
    /// <summary>Every FlaskPaste variable that was set, and what became of it, after <see cref="Load"/>.</summary>
    public IReadOnlyList<FlaskPasteSetting> Found { get; private set; } = [];

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var found = new List<FlaskPasteSetting>();
        foreach (var variable in FlaskPasteVariable.All)
        {
            if (environment[variable.Name] is not string value)
            {
                continue;
            }

            var converted = variable.Convert(value);
            if (converted is null)
            {
                found.Add(new(variable, $"{variable.Name} must be {variable.Expected}, not '{value}'."));
                continue;
            }

            data[variable.Key] = converted;
            found.Add(new(variable, Problem: null));
        }

        Data = data;
        Found = found;
    }
}
