using System.Collections;

namespace Paste.Api.Hosting;

/// <summary>
/// FlaskPaste's environment variables (<see cref="FlaskPasteVariable.All"/>) as configuration keys. Added first, so that
/// every other source (appsettings*.json, <c>Paste__…</c> variables, the command line) overrides it: a FlaskPaste
/// variable stands in for the built-in default of its key, never for a value the operator set the Paste way.
/// </summary>
public sealed class FlaskPasteConfigurationSource(IDictionary? environment = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new FlaskPasteConfigurationProvider(environment ?? Environment.GetEnvironmentVariables());
}
