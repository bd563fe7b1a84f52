using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Application.ServerFunctions;
using Paste.Application.Webhooks;

namespace Paste.Application;

public static class DependencyInjection
{
    /// <summary>The mediator with its handlers and validation, validators and options: all any host needs to send a use case.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.Assemblies = [typeof(CreatePasteCommand)];
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssemblyContaining<PasteOptions>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<IValidateOptions<PasteOptions>, PasteOptionsValidator>();
        services.AddOptions<PasteOptions>()
            .Bind(configuration.GetSection(PasteOptions.SectionName))
            .PostConfigure(options => options.PublicBaseUrl = options.PublicBaseUrl.TrimEnd('/'))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignatureOptions>, SignatureOptionsValidator>();
        services.AddOptions<SignatureOptions>()
            .Bind(configuration.GetSection(SignatureOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerFunctionOptions>, ServerFunctionOptionsValidator>();
        services.AddOptions<ServerFunctionOptions>()
            .Bind(configuration.GetSection(ServerFunctionOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<PasteMetrics>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
