using System.Net.Http.Headers;
using System.Text;
using Paste.Application.Webhooks;

namespace Paste.Infrastructure.Webhooks;

internal sealed class HttpWebhookSender(IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : IWebhookSender
{
    public const string ClientName = "webhooks";

    public async Task<WebhookResponse> SendAsync(WebhookRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new StringContent(request.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
        };
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var client = httpClientFactory.CreateClient(ClientName);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return response.IsSuccessStatusCode
                ? new WebhookResponse(true, null)
                : new WebhookResponse(false, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(false, $"no response within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookResponse(false, exception.HttpRequestError.ToString());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever else goes wrong talking to a receiver is that receiver's failure: it is retried with backoff.
            return new WebhookResponse(false, exception.GetType().Name);
        }
    }
}
