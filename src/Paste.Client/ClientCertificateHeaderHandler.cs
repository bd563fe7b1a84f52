namespace Paste.Client;

/// <summary>
/// Identifies the caller the way the service's reverse proxy does: sends the SHA-1 fingerprint of the caller's TLS
/// client certificate in <c>X-SSL-Client-SHA1</c>, and the proxy's shared secret in <c>X-Proxy-Secret</c> where the
/// service is configured with <c>Paste:ProxySecret</c>. Use it for callers that reach the service without that proxy
/// (on the same host, or in tests: without a proxy secret the service takes the headers only from loopback or its
/// configured proxies); behind the proxy, present the certificate itself and let the proxy set the headers.
/// An identified caller gets the larger size limit, owns the pastes it creates and may delete them.
/// </summary>
public sealed class ClientCertificateHeaderHandler : DelegatingHandler
{
    /// <summary>The header that carries the certificate fingerprint.</summary>
    public const string FingerprintHeader = "X-SSL-Client-SHA1";

    /// <summary>The header that carries the proxy's shared secret.</summary>
    public const string ProxySecretHeader = "X-Proxy-Secret";

    private readonly string fingerprint;
    private readonly string? proxySecret;

    /// <summary>A handler to chain in a pipeline (its <see cref="DelegatingHandler.InnerHandler"/> is set by the pipeline).</summary>
    /// <param name="fingerprint">40 lowercase hexadecimal characters, as nginx's <c>$ssl_client_fingerprint</c> gives them.</param>
    /// <param name="proxySecret">The service's <c>Paste:ProxySecret</c>, or null when it has none.</param>
    /// <exception cref="ArgumentException">The fingerprint is not 40 lowercase hexadecimal characters.</exception>
    public ClientCertificateHeaderHandler(string fingerprint, string? proxySecret = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);

        // The service ignores anything else and treats the caller as anonymous; say so here rather than there.
        if (fingerprint.Length != 40 || !fingerprint.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("A certificate fingerprint is 40 lowercase hexadecimal characters.", nameof(fingerprint));
        }

        this.fingerprint = fingerprint;
        this.proxySecret = proxySecret;
    }

    /// <summary>A handler that sends through <paramref name="innerHandler"/>.</summary>
    /// <param name="fingerprint">40 lowercase hexadecimal characters, as nginx's <c>$ssl_client_fingerprint</c> gives them.</param>
    /// <param name="proxySecret">The service's <c>Paste:ProxySecret</c>, or null when it has none.</param>
    /// <param name="innerHandler">The handler that sends the requests, e.g. a <see cref="HttpClientHandler"/>.</param>
    public ClientCertificateHeaderHandler(string fingerprint, string? proxySecret, HttpMessageHandler innerHandler)
        : this(fingerprint, proxySecret)
    {
        InnerHandler = innerHandler;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        request.Headers.Remove(FingerprintHeader);
        request.Headers.Add(FingerprintHeader, fingerprint);
        request.Headers.Remove(ProxySecretHeader);
        if (proxySecret is not null)
        {
            request.Headers.Add(ProxySecretHeader, proxySecret);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
