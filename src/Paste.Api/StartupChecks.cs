using Microsoft.Extensions.Options;
using Paste.Api.Hosting;
using Paste.Infrastructure.Persistence;

namespace Paste.Api;

public static class StartupChecks
{
    /// <summary>
    /// What the service and the command line both do before any work: the settings first, so that a bad value stops
    /// the process before any data is touched, then the storage, which the service (<paramref name="asService"/>) also
    /// claims for itself. False (with the reason on stderr) means exit 1.
    /// </summary>
    public static async Task<bool> PassAsync(IServiceProvider services, bool asService) =>
        ConfigurationIsValid(services) && await StorageIsReadyAsync(services, asService);

    /// <summary>
    /// Runs every options validation registered with ValidateOnStart now, instead of when the host starts (after the
    /// database has been migrated), and reports a failure as one line on stderr rather than a crash with a stack trace.
    /// </summary>
    public static bool ConfigurationIsValid(IServiceProvider services)
    {
        var flaskPaste = ReviewFlaskPasteVariables(services);
        if (flaskPaste.Problems.Count > 0)
        {
            Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", flaskPaste.Problems)}");
            return false;
        }

        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception exception) when (SettingsProblems(exception) is { Count: > 0 } problems)
        {
            Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", problems.Select(flaskPaste.Explain).Distinct(StringComparer.Ordinal))}");
            return false;
        }
    }

    /// <summary>
    /// The failures that a start-up validation raised, or none when it raised something else. Several options that fail
    /// together come as one AggregateException, and an option whose configuration reads another invalid option fails
    /// with that option's message, so the same failure can be reported twice.
    /// </summary>
    private static List<string> SettingsProblems(Exception exception)
    {
        var thrown = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        var problems = new List<string>();
        foreach (var failure in thrown)
        {
            switch (failure)
            {
                case OptionsValidationException invalid:
                    problems.AddRange(invalid.Failures);
                    break;
                case InvalidOperationException conversion when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    // The binder names the key: "Failed to convert configuration value at 'Paste:Expiry' to type 'System.TimeSpan'."
                    problems.Add(conversion.Message);
                    break;
                default:
                    return [];
            }
        }

        return problems;
    }

    /// <summary>A FlaskPaste variable that gives way to its Paste key is named in a warning, since it changes nothing.</summary>
    private static FlaskPasteReview ReviewFlaskPasteVariables(IServiceProvider services)
    {
        var review = FlaskPasteConfiguration.Review(services.GetRequiredService<IConfiguration>());
        var logger = services.GetRequiredService<ILogger<FlaskPasteConfigurationProvider>>();
        foreach (var ignored in review.Ignored)
        {
            logger.LogWarning("{Ignored} is ignored: {Instead} is set, and its value applies instead", ignored.Name, ignored.Key);
        }

        return review;
    }

    /// <summary>
    /// Prepares the database and the signing key; a key file that is not a key, or a database that cannot be opened,
    /// is reported as one line on stderr instead of a crash.
    /// </summary>
    private static async Task<bool> StorageIsReadyAsync(IServiceProvider services, bool asService)
    {
        try
        {
            await (asService ? services.InitialiseServiceStorageAsync() : services.InitialiseStorageAsync());
            return true;
        }
        catch (Exception exception) when (exception is StoreUnreachableException or InvalidOperationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // EF Core reports a server it cannot reach as "likely a transient failure"; the driver's own message says which.
            var reason = exception is InvalidOperationException { InnerException: System.Data.Common.DbException database } ? database : exception;
            Console.Error.WriteLine($"Cannot prepare storage: {reason.Message}");
            return false;
        }
    }
}
