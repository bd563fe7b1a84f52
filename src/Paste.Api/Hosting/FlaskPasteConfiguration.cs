using System.Collections;

namespace Paste.Api.Hosting;

public static class FlaskPasteConfiguration
{
    /// <summary>
    /// Puts the FlaskPaste variables under every other configuration source, whenever that one was added: they fill
    /// in a Paste key that nothing else sets, and give way to anything that does.
    /// </summary>
    public static IConfigurationBuilder AddFlaskPasteVariables(this IConfigurationBuilder configuration, IDictionary? environment = null)
    {
        configuration.Sources.Insert(0, new FlaskPasteConfigurationSource(environment));
        return configuration;
    }

    /// <summary>Which FlaskPaste variables apply, which give way to a Paste key set elsewhere, and which cannot be used.</summary>
    public static FlaskPasteReview Review(IConfiguration configuration)
    {
        var providers = (configuration as IConfigurationRoot)?.Providers.ToList() ?? [];
        var flaskPaste = providers.OfType<FlaskPasteConfigurationProvider>().FirstOrDefault();
        if (flaskPaste is null)
        {
            return new([], [], []);
        }

        var others = providers.Where(provider => !ReferenceEquals(provider, flaskPaste)).ToList();
        var applied = new List<FlaskPasteVariable>();
        var ignored = new List<FlaskPasteVariable>();
        var problems = new List<string>();
        foreach (var setting in flaskPaste.Found)
        {
            if (others.Any(provider => provider.TryGet(setting.Variable.Key, out _)))
            {
                ignored.Add(setting.Variable);
            }
            else if (setting.Problem is not null)
            {
                problems.Add(setting.Problem);
            }
            else
            {
                applied.Add(setting.Variable);
            }
        }

        return new(applied, ignored, problems);
    }
}
