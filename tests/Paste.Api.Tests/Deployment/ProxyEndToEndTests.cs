using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Paste.Api.Logging;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// deploy/paste.nginx.conf in front of the service's real process, end to end over TLS, as deploy/README.md sets them
/// up: a throw-away CA whose client certificates nginx verifies, the fingerprint it forwards as the only identity a
/// certificate gives, nothing a client sends of its own becoming an identity, large bodies and signed requests passing
/// through unchanged, one request id in nginx's and the service's logs, a revoked certificate refused, and no host
/// name but the site's reaching the service. Only the values an operator replaces are changed in the site (see
/// <see cref="NginxSite"/>). nginx and openssl are requirements (CI installs them).
/// </summary>
public sealed class ProxyEndToEndTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string HostName = "paste.test";
    private const string OtherHostName = "evil.example";
    private const int Mebibyte = 1024 * 1024;

    private string workDirectory = null!;
    private TestDatabase database = null!;
    private ExternalProcess service = null!;
    private NginxProxy proxy = null!;
    private string proxySecret = null!;
    private Uri proxyAddress = null!;
    private int httpPort;
    private int httpsPort;
    private X509Certificate2 authorityCertificate = null!;
    private X509Certificate2 ownerCertificate = null!;
    private X509Certificate2 strangerCertificate = null!;
    private X509Certificate2 revokedCertificate = null!;
    private string ownerFingerprint = null!;
    private string strangerFingerprint = null!;
    private string revokedFingerprint = null!;
    private SigningKey registeredClient = null!;
    private HttpClient direct = null!;
    private HttpClient anonymous = null!;
    private HttpClient owner = null!;
    private HttpClient stranger = null!;
    private HttpClient revoked = null!;

    [OneTimeSetUp]
    public async Task StartTheServiceBehindNginx()
    {
        workDirectory = Directory.CreateTempSubdirectory("paste-proxy-e2e-").FullName;
        database = new TestDatabase(Provider);

        var certificates = Directory.CreateDirectory(Path.Combine(workDirectory, "certificates")).FullName;
        var authority = await TestCertificates.AuthorityAsync(certificates, "clients-ca", "Paste test CA");
        // Another CA under the same name, and a certificate from it under the owner's name: only their keys differ, so
        // only nginx's check of the signatures can tell them apart.
        var otherAuthority = await TestCertificates.AuthorityAsync(certificates, "other-ca", "Paste test CA");
        var server = await TestCertificates.ServerAsync(certificates, "server", HostName, authority);
        var ownerPem = await TestCertificates.ClientAsync(certificates, "owner", "owner", authority);
        var strangerPem = await TestCertificates.ClientAsync(certificates, "stranger", "owner", otherAuthority);
        // From the right CA, then revoked: on the list the site reads, beside no other.
        var revokedPem = await TestCertificates.ClientAsync(certificates, "revoked", "revoked", authority);
        var revocationList = Path.Combine(certificates, "clients-crl.pem");
        await TestCertificates.RevocationListAsync(authority, revocationList, revokedPem);
        ownerFingerprint = await TestCertificates.Sha1FingerprintAsync(ownerPem);
        strangerFingerprint = await TestCertificates.Sha1FingerprintAsync(strangerPem);
        revokedFingerprint = await TestCertificates.Sha1FingerprintAsync(revokedPem);
        authorityCertificate = authority.LoadPublic();
        ownerCertificate = ownerPem.Load();
        strangerCertificate = strangerPem.Load();
        revokedCertificate = revokedPem.Load();

        // Registered as the operator does, with the service's own command line on its database.
        var added = (await PasteExecutable.RunAsync(database, ["clients", "add", "proxy end-to-end"])).Json();
        registeredClient = SigningKey.Hmac(added.GetProperty("key_id").GetString()!, added.GetProperty("secret").GetString()!);

        proxySecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var servicePort = LoopbackPort.Free();
        var serviceAddress = new Uri($"http://127.0.0.1:{servicePort}");
        service = PasteExecutable.StartService(database, servicePort, new Dictionary<string, string?>
        {
            ["Paste:ProxySecret"] = proxySecret,
            // No Paste:PublicBaseUrl, so links follow the Host: the site's name, and the address the direct client uses.
            ["AllowedHosts"] = $"{HostName};127.0.0.1",
            // The line per request, with its request id, that the request id tests look for.
            ["Serilog:MinimumLevel:Default"] = "Information",
        });
        direct = new HttpClient { BaseAddress = serviceAddress, Timeout = TimeSpan.FromSeconds(60) };
        await PasteExecutable.WaitUntilHealthyAsync(service, direct, serviceAddress);

        httpsPort = LoopbackPort.Free();
        do
        {
            httpPort = LoopbackPort.Free();
        }
        while (httpPort == httpsPort);

        proxyAddress = new Uri($"https://{HostName}:{httpsPort}");
        var nginxDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "nginx")).FullName;
        proxy = NginxProxy.Start(nginxDirectory, new NginxSite(HostName, httpsPort, httpPort, servicePort, proxySecret, server, authority.CertificatePath, revocationList));
        anonymous = ProxyClient(null);
        owner = ProxyClient(ownerCertificate);
        stranger = ProxyClient(strangerCertificate);
        revoked = ProxyClient(revokedCertificate);
        await proxy.WaitUntilAnsweringAsync(anonymous, proxyAddress);
    }

    [OneTimeTearDown]
    public async Task StopBothAndRemoveTheirFiles()
    {
        anonymous?.Dispose();
        owner?.Dispose();
        stranger?.Dispose();
        revoked?.Dispose();
        direct?.Dispose();
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        if (service is not null)
        {
            await service.DisposeAsync();
        }

        authorityCertificate?.Dispose();
        ownerCertificate?.Dispose();
        strangerCertificate?.Dispose();
        revokedCertificate?.Dispose();
        database?.Dispose();
        if (workDirectory is not null)
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public async Task Anyone_creates_and_reads_a_paste_through_the_proxy_without_a_certificate()
    {
        var text = TestData.Utf8($"anonymous, through nginx {Guid.NewGuid():N}");

        using var created = await anonymous.PostRawAsync(text, "text/plain");
        ResponseAssert.HasSecurityHeaders(created);
        var paste = await PasteApi.ReadCreatedAsync(created);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False, "without a certificate a caller is anonymous");
            // Without Paste:PublicBaseUrl, the link comes from what nginx forwards: the scheme, the host name and the port.
            Assert.That(paste.Location, Is.EqualTo(new Uri(proxyAddress, $"/{paste.Id}")));
            Assert.That(await anonymous.GetRawBytesAsync(paste.Id), Is.EqualTo(text));
            Assert.That((await anonymous.GetMetadataAsync(paste.Id)).GetProperty("size").GetInt64(), Is.EqualTo(text.Length));
        }
    }

    [Test]
    public async Task A_paste_created_with_a_client_certificate_is_owned_by_the_certificates_sha1_fingerprint()
    {
        var paste = await owner.CreatePasteAsync($"mine, by certificate {Guid.NewGuid():N}");

        Assert.That(ResponseAssert.StringMember(paste.Body, "owner"), Is.EqualTo(ownerFingerprint), "openssl x509 -fingerprint -sha1, lower-cased, without colons");
        using var listed = await owner.GetAsync(new Uri("/pastes", UriKind.Relative));
        var ids = (await ResponseAssert.JsonAsync(listed, HttpStatusCode.OK)).GetProperty("pastes").EnumerateArray().Select(p => p.GetProperty("id").GetString());
        Assert.That(ids, Does.Contain(paste.Id), "the certificate lists its own pastes");
    }

    [TestCase(false, TestName = "A_client_without_a_certificate_that_sends_the_owners_fingerprint_and_a_guessed_secret_is_anonymous")]
    [TestCase(true, TestName = "A_client_without_a_certificate_that_sends_the_owners_fingerprint_and_even_the_real_secret_is_anonymous")]
    public async Task A_client_without_a_certificate_cannot_claim_an_identity_with_headers_of_its_own(bool withTheRealSecret)
    {
        var secret = withTheRealSecret ? proxySecret : "CHANGE-ME";
        var owned = await owner.CreatePasteAsync($"owned {Guid.NewGuid():N}");

        using var created = await SendClaimingAsync(anonymous, HttpMethod.Post, "/", ownerFingerprint, secret, PasteApi.Raw(TestData.Utf8("forged"), "text/plain"));
        var forged = await PasteApi.ReadCreatedAsync(created);
        using var deleted = await SendClaimingAsync(anonymous, HttpMethod.Delete, $"/{owned.Id}", ownerFingerprint, secret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(forged.Body.TryGetProperty("owner", out _), Is.False, "nginx replaced both headers: the create is anonymous");
            await ResponseAssert.ProblemAsync(deleted, HttpStatusCode.Unauthorized, "Authentication required");
            Assert.That(await anonymous.StatusOfAsync($"/{owned.Id}"), Is.EqualTo(HttpStatusCode.OK), "the owner's paste is still there");
        }
    }

    [Test]
    public async Task A_certificate_from_another_ca_is_refused_by_nginx_and_never_becomes_an_identity()
    {
        var before = await database.CountAllAsync("Pastes");

        using var refused = await stranger.PostRawAsync(TestData.Utf8("from a certificate nginx does not trust"), "text/plain");
        var page = await refused.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            // ssl_verify_client optional: the handshake completes, then nginx answers the request itself.
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), page);
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), "nginx's own page, not the service's");
            Assert.That(page, Does.Contain("The SSL certificate error"));
            Assert.That(await database.CountAsync("Pastes", "Owner", strangerFingerprint), Is.Zero, "no paste has the stranger's fingerprint");
            Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(before), "nothing was stored, not even anonymously");
        }
    }

    [Test]
    public async Task A_revoked_certificate_is_refused_by_nginx_and_never_becomes_an_identity()
    {
        var before = await database.CountAllAsync("Pastes");

        using var refused = await revoked.PostRawAsync(TestData.Utf8("from a certificate on the revocation list"), "text/plain");
        var page = await refused.Content.ReadAsStringAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), page);
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), "nginx's own page, not the service's");
            Assert.That(page, Does.Contain("The SSL certificate error"));
            Assert.That(await database.CountAsync("Pastes", "Owner", revokedFingerprint), Is.Zero, "no paste has the revoked certificate's fingerprint");
            Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(before), "nothing was stored, not even anonymously");
        }

        // The list names that certificate only: one from the same CA that is not on it is still an identity.
        var owned = await owner.CreatePasteAsync($"not revoked {Guid.NewGuid():N}");
        Assert.That(ResponseAssert.StringMember(owned.Body, "owner"), Is.EqualTo(ownerFingerprint));
    }

    [TestCase(OtherHostName, TestName = "A_tls_client_asking_for_another_host_name_is_refused_in_the_handshake")]
    [TestCase("127.0.0.1", TestName = "A_tls_client_asking_for_no_host_name_is_refused_in_the_handshake")]
    public void A_tls_client_asking_for_a_name_other_than_the_sites_is_refused_in_the_handshake(string serverName)
    {
        // The certificate's name is not checked here, so that only nginx's refusal can end the handshake. (For an
        // address, a client sends no name at all.)
        var handshake = ExchangeOverTlsAsync(serverName, $"GET / HTTP/1.1\r\nHost: {OtherHostName}\r\nConnection: close\r\n\r\n");

        Assert.That(async () => await handshake, Throws.InstanceOf<AuthenticationException>().Or.InstanceOf<IOException>());
    }

    [TestCase("POST", TestName = "A_request_naming_another_host_in_its_Host_header_gets_no_answer_and_stores_nothing")]
    [TestCase("GET", TestName = "A_request_naming_another_host_in_its_Host_header_gets_no_service_information")]
    public async Task A_request_naming_another_host_in_its_Host_header_gets_no_answer(string method)
    {
        var before = await database.CountAllAsync("Pastes");

        // The site's name in SNI, so the handshake succeeds; another in Host, which picks the request's server.
        var answer = await ExchangeOverTlsAsync(
            HostName, $"{method} / HTTP/1.1\r\nHost: {OtherHostName}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.Empty, "nginx closes the connection without an answer");
            Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(before), "nothing was stored");
        }
    }

    [Test]
    public async Task A_full_address_in_the_request_line_passes_on_the_sites_name_whatever_the_Host_header_says()
    {
        // nginx picks the site by the address in the request line, and must not pass on the Host header beside it.
        var answer = await ExchangeOverTlsAsync(
            HostName, $"GET https://{HostName}:{httpsPort}/ HTTP/1.1\r\nHost: {OtherHostName}\r\nAccept: application/json\r\nConnection: close\r\n\r\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Does.StartWith("HTTP/1.1 200 "), answer);
            Assert.That(answer, Does.Contain($"curl --data-binary @file.txt https://{HostName}/"), answer);
            Assert.That(answer, Does.Not.Contain(OtherHostName));
        }
    }

    [Test]
    public void Plain_http_naming_another_host_gets_no_answer_rather_than_a_redirect_to_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{httpPort}/some/path"));
        request.Headers.Host = OtherHostName;

        Assert.That(async () => (await anonymous.SendAsync(request)).Dispose(), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    [UnsupportedOSPlatform("windows")] // a client's own list of suites; nginx runs on Linux here anyway
    public async Task Tls_1_2_offers_only_forward_secret_suites_with_authenticated_encryption()
    {
        var agreed = await HandshakeAsync(SslProtocols.Tls12, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(agreed.ToString(), Does.Match("^TLS_ECDHE_ECDSA_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$"),
                "an ephemeral key exchange and authenticated encryption");
            // Forward secret but CBC with SHA-1: a suite that nginx's default list accepts.
            Assert.That(async () => await HandshakeAsync(SslProtocols.Tls12, [TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA]),
                Throws.InstanceOf<AuthenticationException>().Or.InstanceOf<IOException>());
        }
    }

    [Test]
    public async Task The_owner_deletes_its_paste_through_the_proxy()
    {
        var paste = await owner.CreatePasteAsync($"mine to delete {Guid.NewGuid():N}");

        using var deleted = await owner.DeletePasteAsync(paste.Id);

        var body = await ResponseAssert.JsonAsync(deleted, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
            Assert.That(await anonymous.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_request_straight_to_the_service_port_cannot_claim_an_identity_without_the_proxy_secret()
    {
        var owned = await owner.CreatePasteAsync($"owned, attacked from the side {Guid.NewGuid():N}");

        using var withoutSecret = await SendClaimingAsync(direct, HttpMethod.Post, "/", ownerFingerprint, null, PasteApi.Raw(TestData.Utf8("no secret"), "text/plain"));
        using var guessedSecret = await SendClaimingAsync(direct, HttpMethod.Post, "/", ownerFingerprint, "CHANGE-ME", PasteApi.Raw(TestData.Utf8("guessed"), "text/plain"));
        using var deleted = await SendClaimingAsync(direct, HttpMethod.Delete, $"/{owned.Id}", ownerFingerprint, "CHANGE-ME");
        // What nginx sends, for contrast: with the secret the same header is an identity.
        using var asNginx = await SendClaimingAsync(direct, HttpMethod.Post, "/", ownerFingerprint, proxySecret, PasteApi.Raw(TestData.Utf8("as nginx"), "text/plain"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await PasteApi.ReadCreatedAsync(withoutSecret)).Body.TryGetProperty("owner", out _), Is.False, "without X-Proxy-Secret");
            Assert.That((await PasteApi.ReadCreatedAsync(guessedSecret)).Body.TryGetProperty("owner", out _), Is.False, "with a wrong X-Proxy-Secret");
            await ResponseAssert.ProblemAsync(deleted, HttpStatusCode.Unauthorized, "Authentication required");
            Assert.That(await anonymous.StatusOfAsync($"/{owned.Id}"), Is.EqualTo(HttpStatusCode.OK), "the owner's paste is still there");
            Assert.That(ResponseAssert.StringMember((await PasteApi.ReadCreatedAsync(asNginx)).Body, "owner"), Is.EqualTo(ownerFingerprint));
        }
    }

    [Test]
    public async Task Ten_mebibytes_with_a_certificate_pass_through_the_proxy_and_read_back_byte_for_byte()
    {
        var body = TestData.RandomBytes(10, 10 * Mebibyte);

        using var created = await owner.PostRawAsync(body, "application/octet-stream");
        var paste = await PasteApi.ReadCreatedAsync(created);
        var readBack = await anonymous.GetRawBytesAsync(paste.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.StringMember(paste.Body, "owner"), Is.EqualTo(ownerFingerprint));
            Assert.That(readBack, Has.Length.EqualTo(body.Length));
            Assert.That(SHA256.HashData(readBack), Is.EqualTo(SHA256.HashData(body)), "the same bytes came back");
        }
    }

    [Test]
    public async Task Four_mebibytes_without_a_certificate_get_the_services_json_413_through_the_proxy()
    {
        using var refused = await anonymous.PostRawAsync(TestData.RandomBytes(4, 4 * Mebibyte), "application/octet-stream");

        // The service's problem JSON (with the request id), not nginx's HTML page for bodies over client_max_body_size.
        await ResponseAssert.ProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
    }

    [Test]
    public async Task The_request_id_that_nginx_makes_is_in_the_services_log_line_and_in_the_access_log()
    {
        var paste = await anonymous.CreatePasteAsync($"look me up in the logs {Guid.NewGuid():N}");

        using var read = await anonymous.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative));

        var requestId = ResponseAssert.Header(read, ResponseAssert.RequestIdHeader);
        Assert.That(requestId, Does.Match("^[0-9a-f]{32}$"), "nginx's $request_id (the service's own ids are UUIDs with dashes)");
        await AssertLoggedAsync(requestId!, paste.Id, "GET /{id}", 200);
    }

    [Test]
    public async Task A_callers_request_id_passes_through_nginx_to_the_services_log_line()
    {
        var paste = await anonymous.CreatePasteAsync($"traced by the caller {Guid.NewGuid():N}");
        var callersId = $"e2e-{Guid.NewGuid():N}";

        using var read = await anonymous.SendAsync(HttpMethod.Get, $"/{paste.Id}/raw", requestId: callersId);

        Assert.That(ResponseAssert.Header(read, ResponseAssert.RequestIdHeader), Is.EqualTo(callersId));
        await AssertLoggedAsync(callersId, paste.Id, "GET /{id}/raw", 200);
    }

    [Test]
    public async Task A_signed_create_through_the_proxy_is_owned_by_the_registered_client_and_keeps_its_query()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?expires_in=3600")
        {
            Content = PasteApi.Raw(TestData.Utf8($"signed, through nginx {Guid.NewGuid():N}"), "text/plain"),
        };

        // Host is signed as the client sent it: "paste.test:<port>".
        using var response = await anonymous.SendSignedAsync(request, registeredClient);

        var paste = await PasteApi.ReadCreatedAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.StringMember(paste.Body, "owner"), Is.EqualTo(registeredClient.KeyId));
            Assert.That(paste.Body.GetProperty("expires_at").GetInt64() - paste.CreatedAt, Is.EqualTo(3600), "the query string reached the service");
        }
    }

    [Test]
    public async Task Signed_requests_with_a_query_string_and_a_percent_encoded_path_verify_through_the_proxy()
    {
        var paste = await anonymous.CreateSignedPasteAsync(registeredClient);
        const string encodedTarget = "/no%20such%2Fpaste?x=a%2Fb%20c";

        using var listed = await anonymous.SendSignedAsync(HttpMethod.Get, "/pastes?limit=50&note=a%2Fb%20c", registeredClient);
        // Passed on as sent, the target verifies and the service answers for that path; decoded ("%2F" as "/"), it would not.
        using var encoded = await anonymous.SendSignedAsync(HttpMethod.Get, encodedTarget, registeredClient);
        using var wrongSecret = await anonymous.SendSignedAsync(HttpMethod.Get, encodedTarget, SigningKey.Hmac(registeredClient.KeyId, "not the secret"));
        using var deleted = await anonymous.SendSignedAsync(HttpMethod.Delete, $"/{paste.Id}?reason=done%2Fgone", registeredClient);

        var ids = (await ResponseAssert.JsonAsync(listed, HttpStatusCode.OK)).GetProperty("pastes").EnumerateArray().Select(p => p.GetProperty("id").GetString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids, Does.Contain(paste.Id), "the signed list is the client's");
            await ResponseAssert.ProblemAsync(encoded, HttpStatusCode.BadRequest, "Invalid paste ID format");
            await RequestSigner.AssertRefusedAsync(wrongSecret);
            Assert.That((await ResponseAssert.JsonAsync(deleted, HttpStatusCode.OK)).GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
        }
    }

    [Test]
    public async Task Plain_http_is_redirected_to_https_with_its_path_and_query()
    {
        using var response = await anonymous.GetAsync(new Uri($"http://{HostName}:{httpPort}/some/path?x=1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"https://{HostName}/some/path?x=1")));
        }
    }

    /// <summary>
    /// An HTTPS client of nginx, as <c>curl --resolve paste.test:PORT:127.0.0.1 --cacert ca.pem [--cert --key]</c>: the
    /// host name goes to 127.0.0.1, and the server's certificate is checked against the throw-away CA and the host name.
    /// </summary>
    private HttpClient ProxyClient(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                    CustomTrustStore = { authorityCertificate },
                },
                // Offered whatever CAs nginx names as acceptable, as curl --cert does, so that nginx's own check decides.
                LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
            },
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler) { BaseAddress = proxyAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Sends <paramref name="request"/> as it is over TLS to nginx, asking for <paramref name="serverName"/> in SNI, and
    /// reads until nginx closes the connection: the whole answer, or nothing. The server's certificate is checked
    /// against the throw-away CA but not its name, so that whatever refuses is nginx.
    /// </summary>
    private async Task<string> ExchangeOverTlsAsync(string serverName, string request)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, httpsPort));
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ChainsToTheAuthority(server),
        });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tls.CopyToAsync(answer, timeout.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>A TLS handshake with the site under <paramref name="protocol"/> and, unless null, only <paramref name="suites"/>; the suite agreed on.</summary>
    [UnsupportedOSPlatform("windows")]
    private async Task<TlsCipherSuite> HandshakeAsync(SslProtocols protocol, TlsCipherSuite[]? suites)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, httpsPort));
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = HostName,
            EnabledSslProtocols = protocol,
            CipherSuitesPolicy = suites is null ? null : new CipherSuitesPolicy(suites),
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ChainsToTheAuthority(server),
        });
        return tls.NegotiatedCipherSuite;
    }

    private bool ChainsToTheAuthority(X509Certificate2 server)
    {
        using var chain = new X509Chain
        {
            ChainPolicy =
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { authorityCertificate },
            },
        };
        return chain.Build(server);
    }

    /// <summary>A request that claims an identity with the headers only nginx should send: the fingerprint, and the secret unless null.</summary>
    private static async Task<HttpResponseMessage> SendClaimingAsync(
        HttpClient client, HttpMethod method, string path, string fingerprint, string? secret, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.ProxySecretHeader, secret);
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// The request's line in the service's log and in nginx's access log, both under <paramref name="requestId"/>, for
    /// <paramref name="request"/> with "{id}" standing for the paste's id: nginx writes "{id}" itself, the service a short
    /// hash of it, and neither the id, which is the paste's read key.
    /// </summary>
    private async Task AssertLoggedAsync(string requestId, string pasteId, string request, int status)
    {
        var serviceLine = await Eventually.ReturnsAsync(
            () => Task.FromResult(LineWith(service.StandardOutput, $"[rid={requestId}]", "RequestLoggingMiddleware")),
            line => line is not null,
            $"the service's request log line with [rid={requestId}]",
            _ => service.StandardOutput);
        var accessLine = await Eventually.ReturnsAsync(
            async () => LineWith(await File.ReadAllTextAsync(proxy.AccessLogPath), $"rid={requestId}"),
            line => line is not null,
            $"nginx's access log line with rid={requestId}",
            _ => File.ReadAllText(proxy.AccessLogPath));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(serviceLine, Does.Contain($"{request.Replace("{id}", PasteIdLogRedaction.StandIn(pasteId), StringComparison.Ordinal)} responded {status}"));
            Assert.That(accessLine, Does.Contain($"\"{request}\" {status}"));
            Assert.That(service.StandardOutput, Does.Not.Contain(pasteId), "the service's log");
            Assert.That(File.ReadAllText(proxy.AccessLogPath), Does.Not.Contain(pasteId), "nginx's access log");
        }
    }

    private static string? LineWith(string log, params string[] parts) =>
        log.Split('\n').FirstOrDefault(line => parts.All(part => line.Contains(part, StringComparison.Ordinal)));
}
