using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Requests no HTTP client library would send, written byte for byte on a socket to a real Kestrel: each is the
/// client's fault and gets a 4xx with the usual JSON error, never a 5xx.
/// </summary>
public sealed class MalformedRequestTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly string[] SignedHeaders = ["Host", "Date", "Digest", "Authorization"];

    // A short grace period, so that the stalled body below is given up on soon.
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Limits:MinRequestBodyGracePeriod"] = "00:00:02",
    };

    protected override PasteApiFactory CreateFactory() => new(Settings, useKestrel: true, provider: Provider);

    [Test]
    public async Task A_chunk_size_that_overflows_is_a_bad_request()
    {
        var (status, body) = await SendAsync(
            "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nffffffffffffffffffff\r\nabc\r\n0\r\n\r\n");

        AssertJsonError(status, body, 400);
    }

    [Test]
    public async Task A_chunk_size_that_is_not_hexadecimal_is_a_bad_request()
    {
        var (status, body) = await SendAsync(
            "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");

        AssertJsonError(status, body, 400);
    }

    [Test]
    public async Task A_body_cut_short_by_a_client_that_hangs_up_is_never_a_server_error()
    {
        // The client announces 10 bytes, sends 3 and closes its side. The server sees the connection end mid-body: it
        // may answer 400 or, as the client has gone, only close the connection; never a 5xx, and it serves on.
        var (status, body) = await SendAsync("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc", shutDownSending: true, resetIsAnAnswer: true);

        if (status != 0)
        {
            AssertJsonError(status, body, 400);
        }

        Assert.That(await Client.StatusOfAsync("/health"), Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    [Test]
    public async Task A_client_that_stops_sending_mid_body_gets_a_request_timeout()
    {
        // 3 of 100 announced bytes, then silence with the connection open: the server's minimum body data rate
        // (Paste:Limits, here after a 2 s grace) gives up on it.
        var (status, body) = await SendAsync("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc");

        AssertJsonError(status, body, 408);
    }

    [Test]
    public async Task A_signed_body_that_does_not_match_its_digest_is_refused_and_not_stored()
    {
        // Signed for one body, then another of the same length is sent in chunks: the signature over the Digest
        // header holds, the bytes do not, and that is only known once the last chunk has arrived.
        var key = await Factory.AddHmacClientAsync();
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/") { Content = PasteApi.Raw(TestData.Utf8("the signed body"), "text/plain") };
        await RequestSigner.SignAsync(signed, Client.BaseAddress!, key);
        var storedBefore = await Factory.Database.CountAllAsync("Pastes");
        var headers = string.Concat(SignedHeaders.Select(name => $"{name}: {HeaderOf(signed, name)}\r\n"));

        var (status, body) = await SendAsync(
            $"POST / HTTP/1.1\r\n{headers}Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "8\r\nthe sent\r\n7\r\n  body!\r\n0\r\n\r\n");

        AssertJsonError(status, body, 401);
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(storedBefore), "nothing is stored for the refused body");
    }

    // Each path answers the method in upper case: only the case is wrong.
    [TestCase("get", "/{0}/raw")]
    [TestCase("head", "/{0}/raw")]
    [TestCase("delete", "/{0}")]
    [TestCase("post", "/")]
    [TestCase("Post", "/submit")]
    public async Task A_standard_method_in_another_case_is_not_allowed(string method, string path)
    {
        var paste = await Client.CreatePasteAsync("cased methods");

        var (status, body) = await SendAsync(
            $"{method} {string.Format(System.Globalization.CultureInfo.InvariantCulture, path, paste.Id)} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

        AssertJsonError(status, body, 405);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("cased methods")), "the paste is untouched");
    }

    [Test]
    public async Task An_unknown_method_is_not_allowed()
    {
        var (status, body) = await SendAsync("BREW /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        AssertJsonError(status, body, 405);
    }

    private static string HeaderOf(HttpRequestMessage request, string name) =>
        name == "Host" ? request.RequestUri!.Authority : string.Join(", ", request.Headers.NonValidated[name]);

    private static void AssertJsonError(int status, string body, int expected)
    {
        Assert.That(status, Is.EqualTo(expected), body);
        using var error = JsonDocument.Parse(body);
        var statusMember = error.RootElement.GetProperty("status");

        // Problem details carry the status; /submit's own envelope says "error" instead.
        Assert.That(
            statusMember.ValueKind == JsonValueKind.Number ? statusMember.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : statusMember.GetString(),
            Is.EqualTo(expected.ToString(System.Globalization.CultureInfo.InvariantCulture)).Or.EqualTo("error"),
            body);
        Assert.That(error.RootElement.GetProperty("error").GetString(), Is.Not.Empty, body);
    }

    /// <summary>
    /// Writes <paramref name="request"/> as is and reads the answer to its end: the status and the (de-chunked) body;
    /// status 0 when <paramref name="resetIsAnAnswer"/> and the server closed the connection without an answer.
    /// </summary>
    private async Task<(int Status, string Body)> SendAsync(string request, bool shutDownSending = false, bool resetIsAnAnswer = false)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Client.BaseAddress!.Host, Client.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        if (shutDownSending)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException exception) when (resetIsAnAnswer && exception.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        var response = Encoding.UTF8.GetString(received.ToArray());
        if (resetIsAnAnswer && response.Length == 0)
        {
            return (0, string.Empty);
        }

        var parsed = RawResponse.Parse(response);
        return (parsed.Status, parsed.Body);
    }
}
