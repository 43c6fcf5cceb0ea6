using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Yisp.Adapters.Delivery.Data;
using Yisp.Adapters.Delivery.Signing;

namespace Yisp.Adapters.Delivery;

/// <summary>Makes one signed attempt at a delivery and says what came of it; it never throws for the endpoint's faults.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "yisp-webhooks";

    private readonly IReadOnlyList<WebhookSecret> secrets = options.Value.ParsedSecrets();

    public async Task<AttemptOutcome> SendAsync(DeliveryRow delivery, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var webhookId = delivery.WebhookId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new StringContent(delivery.Body, MediaTypeHeaderValue.Parse(delivery.ContentType)),
        };
        var timestamp = time.GetUtcNow();
        request.Headers.Add(WebhookHeaders.Id, webhookId);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSigner.Sign(secrets, webhookId, timestamp, delivery.Body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return AttemptOutcome.From((int)response.StatusCode, RetryAfter(response.Headers.RetryAfter, timestamp));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new AttemptOutcome(AttemptResult.Retry, $"No answer within {settings.Timeout}");
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(AttemptResult.Retry, $"{ex.HttpRequestError}: {ex.Message}");
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
