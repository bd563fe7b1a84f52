using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Webhooks;

namespace Paste.Application;

public static class DependencyInjection
{
    /// <summary>Validators and options. The mediator itself is generated and registered by the host project.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
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
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
