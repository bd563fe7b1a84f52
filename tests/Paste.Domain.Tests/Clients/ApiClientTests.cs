using Paste.Domain.Clients;

namespace Paste.Domain.Tests.Clients;

public sealed class ApiClientTests
{
    private const string KeyId = "cl_ABCDEFGHIJKLMNOPQRST";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static ApiClient HmacClient() => ApiClient.WithSecret(KeyId, "nightly backup", "protected-secret", Now);

    private static ApiClient Ed25519Client() => ApiClient.WithPublicKey(KeyId, "team bot", new byte[32], Now);

    [Test]
    public void A_new_key_id_is_cl_and_20_letters_or_digits()
    {
        var keyId = ApiClient.NewKeyId();

        Assert.That(keyId, Does.Match("^cl_[A-Za-z0-9]{20}$"));
        Assert.That(ApiClient.IsWellFormedKeyId(keyId), Is.True);
    }

    [Test]
    public void New_key_ids_are_random()
    {
        var keyIds = Enumerable.Range(0, 1000).Select(_ => ApiClient.NewKeyId()).ToList();

        Assert.That(keyIds, Is.Unique);

        // 20 characters from 62: every letter and digit turns up somewhere in 20,000 draws.
        var characters = keyIds.SelectMany(k => k[ApiClient.KeyIdPrefix.Length..]).Distinct().Count();
        Assert.That(characters, Is.EqualTo(62));
    }

    [TestCase("cl_ABCDEFGHIJKLMNOPQRST", ExpectedResult = true)]
    [TestCase("cl_abcdefghij0123456789", ExpectedResult = true)]
    [TestCase("cl_ABCDEFGHIJKLMNOPQRS", ExpectedResult = false, TestName = "19 random characters are not a key id")]
    [TestCase("cl_ABCDEFGHIJKLMNOPQRSTU", ExpectedResult = false, TestName = "21 random characters are not a key id")]
    [TestCase("CL_ABCDEFGHIJKLMNOPQRST", ExpectedResult = false, TestName = "An upper-case prefix is not a key id")]
    [TestCase("xx_ABCDEFGHIJKLMNOPQRST", ExpectedResult = false, TestName = "Another prefix is not a key id")]
    [TestCase("cl_ABCDEFGHIJ-LMNOPQRST", ExpectedResult = false, TestName = "A dash is not a key id character")]
    [TestCase("cl_ABCDEFGHIJ_LMNOPQRST", ExpectedResult = false, TestName = "An underscore after the prefix is not a key id character")]
    [TestCase("cl_ABCDEFGHIJ LMNOPQRST", ExpectedResult = false, TestName = "A space is not a key id character")]
    [TestCase("cl_ABCDEFGHIJ\u00e9LMNOPQRST", ExpectedResult = false, TestName = "A non-ASCII letter is not a key id character")]
    [TestCase("", ExpectedResult = false, TestName = "An empty string is not a key id")]
    [TestCase(null, ExpectedResult = false, TestName = "Null is not a key id")]
    public bool Well_formed_key_ids_are_recognised(string? candidate) => ApiClient.IsWellFormedKeyId(candidate);

    [TestCase("a")]
    [TestCase("nightly backup")]
    [TestCase("équipe données")]
    public void Printable_names_of_1_to_100_characters_are_valid(string name) =>
        Assert.That(ApiClient.IsValidName(name), Is.True);

    [Test]
    public void A_name_of_exactly_100_characters_is_valid_and_101_is_not()
    {
        Assert.That(ApiClient.IsValidName(new string('n', 100)), Is.True);
        Assert.That(ApiClient.IsValidName(new string('n', 101)), Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("line\nbreak")]
    [TestCase("tab\there")]
    [TestCase("nul\0")]
    public void Blank_names_and_names_with_control_characters_are_invalid(string? name) =>
        Assert.That(ApiClient.IsValidName(name), Is.False);

    [Test]
    public void A_client_with_an_invalid_name_cannot_be_created()
    {
        Assert.That(() => ApiClient.WithSecret(KeyId, "bad\nname", "protected", Now), Throws.ArgumentException);
        Assert.That(() => ApiClient.WithPublicKey(KeyId, "", new byte[32], Now), Throws.ArgumentException);
    }

    [Test]
    public void A_name_is_stored_trimmed()
    {
        var client = ApiClient.WithSecret(KeyId, "  padded  ", "protected", Now);

        Assert.That(client.Name, Is.EqualTo("padded"));
    }

    [Test]
    public void A_secret_client_keeps_the_protected_secret_and_uses_hmac()
    {
        var client = HmacClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.KeyId, Is.EqualTo(KeyId));
            Assert.That(client.Name, Is.EqualTo("nightly backup"));
            Assert.That(client.KeyType, Is.EqualTo(ClientKeyType.HmacSha256));
            Assert.That(client.KeyMaterial, Is.EqualTo("protected-secret"));
            Assert.That(client.CreatedAt, Is.EqualTo(Now));
            Assert.That(client.IsRevoked, Is.False);
            Assert.That(client.RevokedAt, Is.Null);
        }
    }

    [Test]
    public void A_public_key_client_keeps_the_key_as_base64()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var client = ApiClient.WithPublicKey(KeyId, "team bot", key, Now);

        Assert.That(client.KeyType, Is.EqualTo(ClientKeyType.Ed25519));
        Assert.That(Convert.FromBase64String(client.KeyMaterial), Is.EqualTo(key));
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    [TestCase(64)]
    public void A_public_key_must_be_32_bytes(int length) =>
        Assert.That(
            () => ApiClient.WithPublicKey(KeyId, "team bot", new byte[length], Now),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("publicKey"));

    [Test]
    public void A_box_client_keeps_its_key_and_its_protected_secret_together()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var client = ApiClient.WithBoxKey(KeyId, "seed client", key, "protected secret", Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.KeyType, Is.EqualTo(ClientKeyType.SealedBox));
            Assert.That(Convert.FromBase64String(client.BoxPublicKey!), Is.EqualTo(key));
            Assert.That(client.KeyMaterial, Is.EqualTo("protected secret"));
        }
    }

    [TestCase(31)]
    [TestCase(33)]
    public void A_box_key_must_be_32_bytes(int length) =>
        Assert.That(
            () => ApiClient.WithBoxKey(KeyId, "seed client", new byte[length], "protected secret", Now),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("boxPublicKey"));

    [TestCase(null)]
    [TestCase("hmac-sha256")]
    [TestCase("ed25519")]
    [TestCase("hs2019")]
    public void A_box_client_signs_no_request_under_any_algorithm(string? algorithm) =>
        Assert.That(ApiClient.WithBoxKey(KeyId, "seed client", new byte[32], "protected secret", Now).Accepts(algorithm), Is.False);

    [Test]
    public void Revoking_records_when()
    {
        var client = HmacClient();

        client.Revoke(Now.AddHours(1));

        Assert.That(client.IsRevoked, Is.True);
        Assert.That(client.RevokedAt, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public void Revoking_twice_keeps_the_first_time()
    {
        var client = HmacClient();
        client.Revoke(Now.AddHours(1));

        client.Revoke(Now.AddHours(2));

        Assert.That(client.IsRevoked, Is.True);
        Assert.That(client.RevokedAt, Is.EqualTo(Now.AddHours(1)));
    }

    [TestCase("hmac-sha256")]
    [TestCase("HMAC-SHA256")]
    [TestCase(null)]
    public void A_secret_client_accepts_hmac_sha256_or_no_algorithm(string? algorithm) =>
        Assert.That(HmacClient().Accepts(algorithm), Is.True);

    [TestCase("ed25519")]
    [TestCase("hs2019")]
    [TestCase("rsa-sha256")]
    [TestCase("hmac-sha1")]
    [TestCase("")]
    public void A_secret_client_refuses_every_other_algorithm(string algorithm) =>
        Assert.That(HmacClient().Accepts(algorithm), Is.False);

    [TestCase("ed25519")]
    [TestCase("Ed25519")]
    [TestCase("hs2019")]
    [TestCase(null)]
    public void A_public_key_client_accepts_ed25519_hs2019_or_no_algorithm(string? algorithm) =>
        Assert.That(Ed25519Client().Accepts(algorithm), Is.True);

    [TestCase("hmac-sha256")]
    [TestCase("rsa-sha256")]
    [TestCase("ecdsa-sha256")]
    [TestCase("")]
    public void A_public_key_client_refuses_every_other_algorithm(string algorithm) =>
        Assert.That(Ed25519Client().Accepts(algorithm), Is.False);
}
