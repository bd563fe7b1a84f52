using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Paste.Api.Authentication;
using Paste.Api.Controllers;
using Paste.Api.Protection;
using Paste.Application.Pastes;

namespace Paste.Api.Binding;

/// <summary>
/// What a create may ask beyond its content: a lifetime, a number of reads (or burn after reading) and an idempotency
/// key. JSON members and form fields name them as the metadata does; raw bodies carry them in headers, and
/// <c>expires_in</c> also in the query. A value in the body wins over a header, a header over the query.
/// </summary>
public sealed record CreateOptions(long? ExpiresInSeconds, int? MaxViews, bool? BurnAfterReading, string? IdempotencyKey)
{
    public const string ExpiresInMember = "expires_in";
    public const string MaxViewsMember = "max_views";
    public const string BurnMember = "burn_after_reading";
    public const string ExpiresInHeader = "X-Paste-Expires-In";
    public const string MaxViewsHeader = "X-Paste-Max-Views";
    public const string BurnHeader = "X-Paste-Burn";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Says that an answer repeats the first one given for its idempotency key, and that nothing new was stored.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static readonly CreateOptions None = new(null, null, null, null);

    /// <summary>The lifetime asked for; beyond what a TimeSpan holds it is simply too long (or short), which validation says.</summary>
    public TimeSpan? Lifetime => ExpiresInSeconds switch
    {
        null => null,
        > 0 and var seconds when seconds > (long)TimeSpan.MaxValue.TotalSeconds => TimeSpan.MaxValue,
        < 0 and var seconds when seconds < (long)TimeSpan.MinValue.TotalSeconds => TimeSpan.MinValue,
        var seconds => TimeSpan.FromSeconds(seconds.Value),
    };

    /// <summary>The create these options ask for, on behalf of the request's caller.</summary>
    public CreatePasteCommand Command(Stream content, string? declaredContentType, HttpContext context) => new(
        content,
        declaredContentType,
        context.User.GetOwner(),
        PublicUrls.BaseUrl(context.Request),
        ProtectionSetup.ClientIp(context),
        Lifetime,
        MaxViews,
        BurnAfterReading == true,
        IdempotencyKey);

    public static void MarkReplay(HttpResponse response, CreatedPaste created)
    {
        if (created.Replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }
    }

    /// <summary>This request's options where it sets them, the other's elsewhere.</summary>
    public CreateOptions Or(CreateOptions other) => new(
        ExpiresInSeconds ?? other.ExpiresInSeconds, MaxViews ?? other.MaxViews, BurnAfterReading ?? other.BurnAfterReading, IdempotencyKey ?? other.IdempotencyKey);

    /// <summary>The options sent in headers and the query; a malformed value is a model error naming where it was.</summary>
    public static CreateOptions FromHeadersAndQuery(HttpRequest request, ModelStateDictionary modelState)
    {
        var fromHeaders = new CreateOptions(
            Number(request.Headers[ExpiresInHeader], ExpiresInHeader, modelState),
            (int?)Number(request.Headers[MaxViewsHeader], MaxViewsHeader, modelState, int.MinValue, int.MaxValue),
            Flag(request.Headers[BurnHeader], BurnHeader, modelState),
            request.Headers[IdempotencyKeyHeader] is { Count: > 0 } key ? key.ToString() : null);
        return fromHeaders.Or(new CreateOptions(Number(request.Query[ExpiresInMember], ExpiresInMember, modelState), null, null, null));
    }

    /// <summary>A form field's or a query's text value, as the header of the same meaning would be read.</summary>
    public static CreateOptions FromField(string name, string value, ModelStateDictionary modelState) => name switch
    {
        ExpiresInMember => None with { ExpiresInSeconds = Number(value, name, modelState) },
        MaxViewsMember => None with { MaxViews = (int?)Number(value, name, modelState, int.MinValue, int.MaxValue) },
        BurnMember => None with { BurnAfterReading = Flag(value, name, modelState) },
        _ => None,
    };

    /// <summary>
    /// The options among a JSON object's members: whole numbers and a boolean. Anything else there is a model error;
    /// other members are left to the body's own reader.
    /// </summary>
    public static CreateOptions FromJson(ReadOnlySpan<byte> body, ModelStateDictionary modelState)
    {
        var options = None;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return options;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.GetString();
                reader.Read();
                switch (member)
                {
                    case ExpiresInMember when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds):
                        options = options with { ExpiresInSeconds = seconds };
                        break;
                    case MaxViewsMember when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var views):
                        options = options with { MaxViews = views };
                        break;
                    case BurnMember when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                        options = options with { BurnAfterReading = reader.GetBoolean() };
                        break;
                    case ExpiresInMember or MaxViewsMember or BurnMember when reader.TokenType != JsonTokenType.Null:
                        modelState.AddModelError(member, Malformed(member));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The body's own reader reports malformed JSON.
        }

        return options;
    }

    /// <summary>A whole number within <paramref name="min"/> and <paramref name="max"/>, so that a narrower type holds it as sent.</summary>
    private static long? Number(string? value, string name, ModelStateDictionary modelState, long min = long.MinValue, long max = long.MaxValue)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        modelState.AddModelError(name, Malformed(name));
        return null;
    }

    private static bool? Flag(string? value, string name, ModelStateDictionary modelState)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "1" or "true" or "yes" or "on":
                return true;
            case "0" or "false" or "no" or "off":
                return false;
            default:
                modelState.AddModelError(name, Malformed(name));
                return null;
        }
    }

    private static string Malformed(string name) => name switch
    {
        ExpiresInMember or ExpiresInHeader => $"{name} must be a whole number of seconds",
        MaxViewsMember or MaxViewsHeader => $"{name} must be a whole number of reads",
        _ => $"{name} must be true or false (1 or 0)",
    };
}
