using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Tests.ServerFunctions;
using Paste.Domain.Clients;

namespace Paste.Application.Tests.Clients;

public sealed class ManageClientsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] PublicKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly string[] SummaryProperties = ["KeyId", "Name", "Algorithm", "CreatedAt", "Revoked"];

    private Mock<IApiClientStore> store = null!;
    private Mock<ISecretProtector> protector = null!;
    private FakeTimeProvider time = null!;
    private FakeServerBox serverBox = null!;
    private List<ApiClient> added = null!;

    [SetUp]
    public void SetUp()
    {
        store = new Mock<IApiClientStore>();
        protector = new Mock<ISecretProtector>();
        time = new FakeTimeProvider(Now);
        serverBox = new FakeServerBox();
        added = [];
        store.Setup(s => s.AddAsync(It.IsAny<ApiClient>(), It.IsAny<CancellationToken>()))
            .Callback<ApiClient, CancellationToken>((client, _) => added.Add(client))
            .Returns(Task.CompletedTask);
        store.Setup(s => s.ListActiveAsync(ClientKeyType.SealedBox, It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        protector.Setup(p => p.Protect(It.IsAny<string>())).Returns<string>(secret => "protected:" + new string(secret.Reverse().ToArray()));
    }

    private AddClientHandler AddHandler() => new(store.Object, protector.Object, serverBox, time);

    [Test]
    public async Task A_secret_client_gets_43_url_safe_base64_characters_of_256_random_bits()
    {
        var result = await AddHandler().Handle(new AddClientCommand("nightly backup", null), CancellationToken.None);

        Assert.That(result.Secret, Does.Match("^[A-Za-z0-9_-]{43}$"));
        var standard = result.Secret!.Replace('-', '+').Replace('_', '/') + "=";
        Assert.That(Convert.FromBase64String(standard), Has.Length.EqualTo(32));
    }

    [Test]
    public async Task Every_secret_client_gets_its_own_key_id_and_secret()
    {
        var results = new List<AddedClient>();
        for (var i = 0; i < 20; i++)
        {
            results.Add(await AddHandler().Handle(new AddClientCommand($"client {i}", null), CancellationToken.None));
        }

        Assert.That(results.Select(r => r.KeyId), Is.Unique);
        Assert.That(results.Select(r => r.Secret), Is.Unique);
    }

    [Test]
    public async Task A_secret_is_stored_only_in_its_protected_form()
    {
        var result = await AddHandler().Handle(new AddClientCommand("nightly backup", null), CancellationToken.None);

        protector.Verify(p => p.Protect(result.Secret!), Times.Once);
        Assert.That(added, Has.Count.EqualTo(1));
        var client = added[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.KeyId, Is.EqualTo(result.KeyId));
            Assert.That(ApiClient.IsWellFormedKeyId(client.KeyId), Is.True);
            Assert.That(client.Name, Is.EqualTo("nightly backup"));
            Assert.That(client.KeyType, Is.EqualTo(ClientKeyType.HmacSha256));
            Assert.That(client.KeyMaterial, Is.EqualTo("protected:" + new string(result.Secret!.Reverse().ToArray())));
            Assert.That(client.KeyMaterial, Does.Not.Contain(result.Secret));
            Assert.That(client.CreatedAt, Is.EqualTo(Now));
            Assert.That(client.IsRevoked, Is.False);
        }
    }

    [Test]
    public async Task A_box_client_gets_a_hex_secret_stored_protected_beside_its_key_and_the_servers_box_key()
    {
        var result = await AddHandler().Handle(new AddClientCommand("seed client", null, Convert.ToBase64String(PublicKey)), CancellationToken.None);

        Assert.That(added, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Secret, Does.Match("^[0-9a-f]{128}$"));
            Assert.That(result.ServerPublicKey, Is.EqualTo(Convert.ToBase64String(serverBox.PublicKey.Span)));
            Assert.That(added[0].KeyId, Is.EqualTo(result.KeyId));
            Assert.That(added[0].KeyType, Is.EqualTo(ClientKeyType.SealedBox));
            Assert.That(Convert.FromBase64String(added[0].BoxPublicKey!), Is.EqualTo(PublicKey));
            Assert.That(added[0].KeyMaterial, Is.EqualTo("protected:" + new string(result.Secret!.Reverse().ToArray())));
        }
    }

    [Test]
    public async Task A_box_key_registered_to_an_active_client_is_refused_a_second_time()
    {
        var holder = ApiClient.WithBoxKey(ApiClient.NewKeyId(), "first", PublicKey, "protected", Now);
        store.Setup(s => s.ListActiveAsync(ClientKeyType.SealedBox, It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([holder]);

        var refusal = Assert.ThrowsAsync<FluentValidation.ValidationException>(async () =>
            await AddHandler().Handle(new AddClientCommand("second", null, Convert.ToBase64String(PublicKey)), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain(holder.KeyId));
            Assert.That(added, Is.Empty);
        }
    }

    [Test]
    public async Task A_client_added_without_a_name_is_named_by_its_key_id()
    {
        var result = await AddHandler().Handle(new AddClientCommand(null, null, Convert.ToBase64String(PublicKey)), CancellationToken.None);

        Assert.That(added.Single().Name, Is.EqualTo(result.KeyId));
    }

    [Test]
    public void A_client_cannot_have_both_a_signing_key_and_a_box_key()
    {
        var result = new AddClientValidator().Validate(new AddClientCommand("both", Convert.ToBase64String(PublicKey), Convert.ToBase64String(PublicKey)));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.Contains("not both"));
    }

    [TestCase("not base64!")]
    [TestCase("AQIDBA==")]
    public void A_box_key_that_is_not_32_bytes_of_base64_is_invalid(string boxKey)
    {
        var result = new AddClientValidator().Validate(new AddClientCommand("seed client", null, boxKey));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.Contains("32-byte X25519 public key"));
    }

    [Test]
    public async Task A_public_key_client_gets_no_secret_and_keeps_its_key()
    {
        var result = await AddHandler().Handle(new AddClientCommand("team bot", Convert.ToBase64String(PublicKey)), CancellationToken.None);

        Assert.That(result.Secret, Is.Null);
        Assert.That(ApiClient.IsWellFormedKeyId(result.KeyId), Is.True);
        protector.Verify(p => p.Protect(It.IsAny<string>()), Times.Never);
        Assert.That(added, Has.Count.EqualTo(1));
        Assert.That(added[0].KeyId, Is.EqualTo(result.KeyId));
        Assert.That(added[0].KeyType, Is.EqualTo(ClientKeyType.Ed25519));
        Assert.That(Convert.FromBase64String(added[0].KeyMaterial), Is.EqualTo(PublicKey));
        Assert.That(added[0].CreatedAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_32_byte_public_key_in_base64_is_valid()
    {
        var result = new AddClientValidator().Validate(new AddClientCommand("team bot", Convert.ToBase64String(PublicKey)));

        Assert.That(result.IsValid, Is.True);
    }

    [Test]
    public void No_public_key_is_valid()
    {
        Assert.That(new AddClientValidator().Validate(new AddClientCommand("nightly", null)).IsValid, Is.True);
    }

    [TestCase("not base64!", TestName = "A public key that is not base64 is invalid")]
    [TestCase("", TestName = "An empty public key is invalid")]
    [TestCase("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", TestName = "A public key without its base64 padding is invalid")]
    public void A_public_key_that_does_not_decode_is_invalid(string publicKey)
    {
        var result = new AddClientValidator().Validate(new AddClientCommand("team bot", publicKey));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.Contains("32-byte Ed25519 public key"));
    }

    [TestCase(31)]
    [TestCase(33)]
    [TestCase(34)]
    [TestCase(36)]
    [TestCase(64)]
    public void A_public_key_of_any_other_length_than_32_bytes_is_invalid(int length)
    {
        var result = new AddClientValidator().Validate(new AddClientCommand("team bot", Convert.ToBase64String(new byte[length])));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.Contains("32-byte Ed25519 public key"));
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("two\nlines")]
    public void An_invalid_name_is_refused(string name)
    {
        var result = new AddClientValidator().Validate(new AddClientCommand(name, null));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.ErrorMessage), Has.Some.Contains("1 to 100 printable characters"));
    }

    [Test]
    public async Task Listing_shows_each_client_with_its_algorithm_and_whether_it_is_revoked()
    {
        var secretClient = ApiClient.WithSecret("cl_AAAAAAAAAAAAAAAAAAAA", "nightly", "protected-secret-material", Now);
        var keyClient = ApiClient.WithPublicKey("cl_BBBBBBBBBBBBBBBBBBBB", "bot", PublicKey, Now.AddMinutes(1));
        keyClient.Revoke(Now.AddMinutes(2));
        store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([secretClient, keyClient]);

        var summaries = await new ListClientsHandler(store.Object).Handle(new ListClientsQuery(), CancellationToken.None);

        Assert.That(summaries, Is.EqualTo(new[]
        {
            new ClientSummary("cl_AAAAAAAAAAAAAAAAAAAA", "nightly", "hmac-sha256", Now, false),
            new ClientSummary("cl_BBBBBBBBBBBBBBBBBBBB", "bot", "ed25519", Now.AddMinutes(1), true),
        }));
    }

    [Test]
    public async Task Listing_never_exposes_key_material()
    {
        var secretClient = ApiClient.WithSecret("cl_AAAAAAAAAAAAAAAAAAAA", "nightly", "protected-secret-material", Now);
        var keyClient = ApiClient.WithPublicKey("cl_BBBBBBBBBBBBBBBBBBBB", "bot", PublicKey, Now);
        store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([secretClient, keyClient]);

        var summaries = await new ListClientsHandler(store.Object).Handle(new ListClientsQuery(), CancellationToken.None);

        Assert.That(
            typeof(ClientSummary).GetProperties().Select(p => p.Name),
            Is.EquivalentTo(SummaryProperties));
        var values = summaries.SelectMany(s => typeof(ClientSummary).GetProperties().Select(p => p.GetValue(s)?.ToString())).ToList();
        Assert.That(values, Has.None.Contains(secretClient.KeyMaterial).And.None.Contains(keyClient.KeyMaterial));
    }

    [Test]
    public async Task Revoking_marks_the_client_revoked_now_and_saves_it()
    {
        var client = ApiClient.WithSecret("cl_AAAAAAAAAAAAAAAAAAAA", "nightly", "protected", Now.AddDays(-1));
        store.Setup(s => s.FindAsync(client.KeyId, It.IsAny<CancellationToken>())).ReturnsAsync(client);

        await new RevokeClientHandler(store.Object, time).Handle(new RevokeClientCommand(client.KeyId), CancellationToken.None);

        Assert.That(client.RevokedAt, Is.EqualTo(Now));
        store.Verify(s => s.UpdateAsync(client, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Revoking_an_unknown_client_is_not_found()
    {
        store.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((ApiClient?)null);

        Assert.That(
            async () => await new RevokeClientHandler(store.Object, time).Handle(new RevokeClientCommand("cl_UnknownUnknownUnknow"), CancellationToken.None),
            Throws.TypeOf<NotFoundException>().With.Message.EqualTo("Client not found"));
        store.Verify(s => s.UpdateAsync(It.IsAny<ApiClient>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Purging_deletes_every_client_and_reports_how_many()
    {
        store.Setup(s => s.DeleteAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync(3);

        var purged = await new PurgeClientsHandler(store.Object).Handle(new PurgeClientsCommand(), CancellationToken.None);

        Assert.That(purged, Is.EqualTo(3));
        store.Verify(s => s.DeleteAllAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
