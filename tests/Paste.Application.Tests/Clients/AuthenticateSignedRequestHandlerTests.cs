using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Clients;
using Paste.Domain.Clients;

namespace Paste.Application.Tests.Clients;

public sealed class AuthenticateSignedRequestHandlerTests
{
    private const string HmacKeyId = "cl_fuD6bng2Bxc4iOdkfbvP";
    private const string Ed25519KeyId = "cl_rDfsjGRstAvMr7kqWDQx";
    private const string Secret = "SBjIqF2yTFGha-Y3hy4M_KfYbIHOjvXAb5HD_9iulrU";
    private const string ProtectedSecret = "protected(" + Secret + ")";

    /// <summary>The signing string of docs/signing.md.</summary>
    private const string SigningString =
        "(request-target): post /\nhost: paste.example.com\ndate: Tue, 24 Nov 2026 10:00:00 GMT\ndigest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

    /// <summary>
    /// HMAC-SHA256 of <see cref="SigningString"/> keyed with the UTF-8 bytes of <see cref="Secret"/>, computed once outside
    /// this code base: <c>printf '...' | openssl dgst -sha256 -hmac "$secret" -binary | base64</c>.
    /// </summary>
    private const string KnownHmacSignature = "QAJg6NqaAb+dXzH/LJMbJch0lGVh/mwsKk0lZkoy7fY=";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly string[] WithDigest = ["(request-target)", "host", "date", "digest"];
    private static readonly byte[] PublicKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private Mock<IApiClientStore> store = null!;
    private Mock<ISecretProtector> protector = null!;
    private FakeEd25519Verifier ed25519 = null!;
    private FakeReplayGuard replayGuard = null!;
    private FakeTimeProvider time = null!;
    private ApiClient hmacClient = null!;
    private ApiClient ed25519Client = null!;

    [SetUp]
    public void SetUp()
    {
        store = new Mock<IApiClientStore>(MockBehavior.Strict);
        protector = new Mock<ISecretProtector>(MockBehavior.Strict);
        ed25519 = new FakeEd25519Verifier();
        replayGuard = new FakeReplayGuard();
        time = new FakeTimeProvider(Now);
        hmacClient = ApiClient.WithSecret(HmacKeyId, "nightly backup", ProtectedSecret, Now.AddDays(-1));
        ed25519Client = ApiClient.WithPublicKey(Ed25519KeyId, "team bot", PublicKey, Now.AddDays(-1));
        store.Setup(s => s.FindAsync(HmacKeyId, It.IsAny<CancellationToken>())).ReturnsAsync(() => hmacClient);
        store.Setup(s => s.FindAsync(Ed25519KeyId, It.IsAny<CancellationToken>())).ReturnsAsync(() => ed25519Client);
        store.Setup(s => s.FindAsync(It.IsNotIn(HmacKeyId, Ed25519KeyId), It.IsAny<CancellationToken>())).ReturnsAsync((ApiClient?)null);
        protector.Setup(p => p.Unprotect(ProtectedSecret)).Returns(Secret);
    }

    private AuthenticateSignedRequestHandler Handler(TimeSpan? skew = null) =>
        new(store.Object, protector.Object, ed25519, replayGuard, time, Options.Create(new SignatureOptions { ClockSkew = skew ?? Skew }));

    private static byte[] Hmac(string secret, string signingString) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingString));

    private static AuthenticateSignedRequestQuery HmacQuery(
        string keyId = HmacKeyId,
        string? algorithm = "hmac-sha256",
        IReadOnlyList<string>? headers = null,
        byte[]? signature = null,
        DateTimeOffset? date = null,
        bool noDate = false,
        bool hasBody = true) =>
        new(keyId, algorithm, headers ?? WithDigest, signature ?? Hmac(Secret, SigningString), SigningString, noDate ? null : date ?? Now, hasBody);

    private static AuthenticateSignedRequestQuery Ed25519Query(string? algorithm = "ed25519", byte[]? signature = null) =>
        new(Ed25519KeyId, algorithm, WithDigest, signature ?? new byte[64], SigningString, Now, HasBody: true);

    private async Task<SignatureVerdict> RefusedAsync(AuthenticateSignedRequestQuery query, AuthenticateSignedRequestHandler? handler = null)
    {
        var verdict = await (handler ?? Handler()).Handle(query, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verdict.Accepted, Is.False, "accepted");
            Assert.That(verdict.KeyId, Is.Null);
            Assert.That(verdict.RefusalReason, Is.Not.Null.And.Not.Empty);
        }

        return verdict;
    }

    private async Task AcceptedAsync(AuthenticateSignedRequestQuery query, string keyId, AuthenticateSignedRequestHandler? handler = null)
    {
        var verdict = await (handler ?? Handler()).Handle(query, CancellationToken.None);

        Assert.That(verdict.RefusalReason, Is.Null);
        Assert.That(verdict.Accepted, Is.True);
        Assert.That(verdict.KeyId, Is.EqualTo(keyId));
    }

    [Test]
    public void The_hmac_known_answer_vector_holds()
    {
        var computed = Hmac(Secret, SigningString);

        Assert.That(Convert.ToBase64String(computed), Is.EqualTo(KnownHmacSignature));
    }

    [Test]
    public async Task The_known_hmac_signature_is_accepted_with_the_clients_key_id()
    {
        await AcceptedAsync(HmacQuery(signature: Convert.FromBase64String(KnownHmacSignature)), HmacKeyId);

        protector.Verify(p => p.Unprotect(ProtectedSecret), Times.Once);
        Assert.That(ed25519.Calls, Is.Empty, "an HMAC client never reaches the Ed25519 verifier");
    }

    [Test]
    public async Task An_accepted_signature_is_remembered_until_its_date_leaves_the_skew_window()
    {
        var date = Now.AddSeconds(-30);
        var signature = Hmac(Secret, SigningString);

        await AcceptedAsync(HmacQuery(signature: signature, date: date), HmacKeyId);

        Assert.That(replayGuard.Calls, Has.Count.EqualTo(1));
        var (keyId, remembered, until) = replayGuard.Calls[0];
        Assert.That(keyId, Is.EqualTo(HmacKeyId));
        Assert.That(remembered, Is.EqualTo(signature));
        Assert.That(until, Is.EqualTo(date + Skew));
    }

    [Test]
    public async Task A_request_without_a_body_needs_no_digest()
    {
        const string signingString = "(request-target): delete /abc\nhost: paste.example.com\ndate: Tue, 24 Nov 2026 10:00:00 GMT";
        var query = new AuthenticateSignedRequestQuery(
            HmacKeyId, "hmac-sha256", ["(request-target)", "host", "date"], Hmac(Secret, signingString), signingString, Now, HasBody: false);

        await AcceptedAsync(query, HmacKeyId);
    }

    [Test]
    public async Task An_hmac_client_may_leave_the_algorithm_out()
    {
        await AcceptedAsync(HmacQuery(algorithm: null), HmacKeyId);
    }

    [TestCase("ed25519")]
    [TestCase("hs2019")]
    [TestCase(null)]
    public async Task An_ed25519_signature_that_verifies_is_accepted(string? algorithm)
    {
        var signature = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();

        await AcceptedAsync(Ed25519Query(algorithm, signature), Ed25519KeyId);

        Assert.That(ed25519.Calls, Has.Count.EqualTo(1));
        var (publicKey, data, verified) = ed25519.Calls[0];
        Assert.That(publicKey, Is.EqualTo(PublicKey));
        Assert.That(data, Is.EqualTo(Encoding.UTF8.GetBytes(SigningString)));
        Assert.That(verified, Is.EqualTo(signature));
        protector.Verify(p => p.Unprotect(It.IsAny<string>()), Times.Never);
    }

    [TestCase("host date", TestName = "A signature without (request-target) is refused")]
    [TestCase("(request-target) date digest", TestName = "A signature without host is refused")]
    [TestCase("(request-target) host digest", TestName = "A signature without date is refused")]
    [TestCase("date", TestName = "A signature over the date alone is refused")]
    public async Task A_signature_that_leaves_out_a_required_header_is_refused(string headers)
    {
        await RefusedAsync(HmacQuery(headers: headers.Split(' ')));

        store.Verify(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_body_whose_digest_is_not_signed_is_refused()
    {
        await RefusedAsync(HmacQuery(headers: ["(request-target)", "host", "date"], hasBody: true));

        Assert.That(replayGuard.Calls, Is.Empty);
    }

    [Test]
    public async Task A_request_without_a_date_is_refused()
    {
        await RefusedAsync(HmacQuery(noDate: true));

        store.Verify(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase(-301, TestName = "A date one second older than the skew is refused")]
    [TestCase(301, TestName = "A date one second further ahead than the skew is refused")]
    [TestCase(-86_400, TestName = "A day-old date is refused")]
    [TestCase(86_400, TestName = "A date a day ahead is refused")]
    public async Task A_date_outside_the_clock_skew_is_refused(int offsetSeconds)
    {
        await RefusedAsync(HmacQuery(date: Now.AddSeconds(offsetSeconds)));

        Assert.That(replayGuard.Calls, Is.Empty);
    }

    [TestCase(-300, TestName = "A date exactly the skew in the past is accepted")]
    [TestCase(300, TestName = "A date exactly the skew in the future is accepted")]
    [TestCase(0, TestName = "A date equal to the servers clock is accepted")]
    public async Task A_date_within_the_clock_skew_is_accepted(int offsetSeconds)
    {
        await AcceptedAsync(HmacQuery(date: Now.AddSeconds(offsetSeconds)), HmacKeyId);
    }

    [Test]
    public async Task The_skew_window_follows_the_clock()
    {
        var date = Now;
        var handler = Handler();
        time.Advance(Skew + TimeSpan.FromSeconds(1));

        await RefusedAsync(HmacQuery(date: date), handler);
    }

    [Test]
    public async Task The_configured_clock_skew_is_used()
    {
        var handler = Handler(TimeSpan.FromSeconds(30));

        await RefusedAsync(HmacQuery(date: Now.AddSeconds(-31)), handler);
        await AcceptedAsync(HmacQuery(date: Now.AddSeconds(-30)), HmacKeyId, handler);
    }

    [Test]
    public async Task An_unknown_key_id_is_refused()
    {
        await RefusedAsync(HmacQuery(keyId: "cl_UnknownUnknownUnknow"));

        store.Verify(s => s.FindAsync("cl_UnknownUnknownUnknow", It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("")]
    [TestCase("cl_short")]
    [TestCase("cl_fuD6bng2Bxc4iOdkfbvP'--")]
    [TestCase("../../etc/passwd")]
    [TestCase("CL_FUD6BNG2BXC4IODKFBVP")]
    public async Task A_malformed_key_id_never_reaches_the_store(string keyId)
    {
        await RefusedAsync(HmacQuery(keyId: keyId));

        store.Verify(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_revoked_client_is_refused_even_with_a_correct_signature()
    {
        hmacClient.Revoke(Now.AddMinutes(-1));

        await RefusedAsync(HmacQuery());

        Assert.That(replayGuard.Calls, Is.Empty);
    }

    [TestCase("ed25519")]
    [TestCase("hs2019")]
    [TestCase("rsa-sha256")]
    public async Task An_hmac_client_cannot_switch_to_another_algorithm(string algorithm)
    {
        // Even a verifier that would say yes is never asked.
        ed25519.Result = true;

        await RefusedAsync(HmacQuery(algorithm: algorithm));

        Assert.That(ed25519.Calls, Is.Empty);
    }

    [Test]
    public async Task An_ed25519_client_cannot_be_downgraded_to_hmac_keyed_with_its_public_key()
    {
        // The forger knows the public key: an HMAC "keyed" with it must not pass for the client's signature.
        var forged = Hmac(ed25519Client.KeyMaterial, SigningString);

        await RefusedAsync(Ed25519Query("hmac-sha256", forged));

        Assert.That(ed25519.Calls, Is.Empty);
        protector.Verify(p => p.Unprotect(It.IsAny<string>()), Times.Never);
    }

    [Test]
    public async Task An_hmac_signature_made_with_another_secret_is_refused()
    {
        await RefusedAsync(HmacQuery(signature: Hmac("not-the-secret", SigningString)));

        Assert.That(replayGuard.Calls, Is.Empty);
    }

    [Test]
    public async Task An_hmac_signature_over_another_string_is_refused()
    {
        await RefusedAsync(HmacQuery(signature: Hmac(Secret, SigningString.Replace("post /", "post /other", StringComparison.Ordinal))));
    }

    [Test]
    public async Task A_truncated_hmac_signature_is_refused()
    {
        await RefusedAsync(HmacQuery(signature: Hmac(Secret, SigningString)[..31]));
    }

    [Test]
    public async Task An_empty_signature_is_refused()
    {
        await RefusedAsync(HmacQuery(signature: []));
    }

    [Test]
    public async Task An_ed25519_signature_the_verifier_rejects_is_refused()
    {
        ed25519.Result = false;

        await RefusedAsync(Ed25519Query());

        Assert.That(ed25519.Calls, Has.Count.EqualTo(1));
        Assert.That(replayGuard.Calls, Is.Empty);
    }

    [Test]
    public async Task A_signature_the_replay_guard_has_seen_is_refused()
    {
        replayGuard.Result = false;

        await RefusedAsync(HmacQuery());

        Assert.That(replayGuard.Calls, Has.Count.EqualTo(1));
    }
}
