using System.Net;

namespace AiGateway.Dashboard.Providers.Http;

/// <summary>A provider answered with an error; the message is written for the person reading the sync history.</summary>
public sealed class ProviderHttpException(HttpStatusCode status, string message, string? providerMessage) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public string? ProviderMessage { get; } = providerMessage;
}
