using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Paste.Api.Authentication;
using Paste.Api.Errors;
using Paste.Api.Hosting;
using Paste.Api.Metrics;
using Paste.Api.OpenApi;
using Paste.Api.Pages;
using Paste.Api.Protection;

namespace Paste.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPasteAuthentication();
        services.AddPasteProtection(configuration);
        services.AddPasteHostFiltering(configuration);
        services.AddPasteMetrics(configuration);
        services.AddPasteShutdown(configuration);

        // Writers are asked in registration order: the /submit envelope first, a page for a browser, then problem
        // JSON for everything else, so the framework's default writer (which declines for non-JSON Accept headers)
        // is never reached.
        services.AddSingleton<IProblemDetailsWriter, SubmitErrorEnvelopeWriter>();
        services.AddSingleton<IProblemDetailsWriter, ProblemPageWriter>();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsSetup.Customize);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddControllersWithViews()
            .AddJsonOptions(options =>
            {
                options.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
                options.JsonSerializerOptions.DictionaryKeyPolicy = null;
                options.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            })
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = ProblemDetailsSetup.InvalidModelState);
        services.Configure<MvcOptions>(options =>
        {
            options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;

            // No action takes form fields, and a form provider would consume and decode a paste sent by
            // curl --data-binary (which labels it application/x-www-form-urlencoded) before it is stored.
            options.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();

            // A query or header value that does not convert (?limit=ten) must not be repeated in the answer: errors
            // do not echo input. With no message, the model-state response names the value by its key instead.
            options.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, _) => string.Empty);
            options.ModelBindingMessageProvider.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => string.Empty);
        });

        services.AddSingleton<StaticAssetUrls>();
        services.AddSingleton<IValidateOptions<PagesSettings>, PagesSettingsValidator>();
        services.AddOptions<PagesSettings>().Bind(configuration.GetSection(PagesSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<SyntaxHighlighter>();
        services.AddEndpointsApiExplorer();
        services.AddPasteOpenApi();
        return services;
    }
}
