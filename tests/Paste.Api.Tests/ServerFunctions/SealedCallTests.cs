using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// <c>POST /v1</c> with calls sealed by libsodium (Sodium.Core), through every acceptance rule and every refusal:
/// a call is accepted only when one registered client's key opens every field, the secret and its CRC are that
/// client's, the time is within the TTL, no nonce repeats and the function exists; every refusal is the same 401.
/// </summary>
public sealed class SealedCallTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string CtimePattern = @"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d \d{4}$";

    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly string[] ValueOnly = ["value"];

    private BoxClient alice = null!;
    private BoxClient bob = null!;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:V1:RequestTtl"] = "00:00:30",
        ["Paste:V1:Functions:upper:Command"] = "/usr/bin/tr",
        ["Paste:V1:Functions:upper:Arguments:0"] = "a-z",
        ["Paste:V1:Functions:upper:Arguments:1"] = "A-Z",
    };

    // Through Kestrel, which enforces the endpoint's request size limit; the in-memory server has none.
    protected override PasteApiFactory CreateFactory() => new(Settings, useKestrel: true, provider: Provider);

    [OneTimeSetUp]
    public async Task RegisterClients()
    {
        alice = await BoxClient.RegisterAsync(Factory, "alice");
        bob = await BoxClient.RegisterAsync(Factory, "bob");
    }

    private async Task<string> ValueAsync(IReadOnlyDictionary<string, string> call)
    {
        using var response = await BoxClient.PostAsync(Client, call);
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EqualTo(ValueOnly), body.ToString());
        return body.GetProperty("value").GetString()!;
    }

    /// <summary>The one answer every refusal gets: nothing in it but the request id differs from one refusal to the next.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var body = await ResponseAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        var members = body.EnumerateObject().Where(p => p.Name != "request_id").ToDictionary(p => p.Name, p => p.Value.ToString());
        Assert.That(members, Is.EqualTo(new Dictionary<string, string>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            ["title"] = "Unauthorized",
            ["status"] = "401",
            ["error"] = "Unauthorized",
        }));
    }

    private async Task CallIsRefusedAsync(IReadOnlyDictionary<string, string> call)
    {
        using var response = await BoxClient.PostAsync(Client, call);
        await AssertRefusedAsync(response);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> call, string member, string value)
    {
        call[member] = value;
        return call;
    }

    [Test]
    public async Task A_registered_client_calls_time_test_and_gets_the_servers_time_as_ctime_writes_it()
    {
        var value = await ValueAsync(alice.Call("time_test"));

        Assert.That(value, Does.Match(CtimePattern));
        var time = DateTime.ParseExact(value.Replace("  ", " ", StringComparison.Ordinal), "ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(time, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Args_reach_an_operator_function_and_its_output_is_the_value()
    {
        Assert.That(await ValueAsync(alice.Call("upper", "sealed args")), Is.EqualTo("SEALED ARGS"));
    }

    [Test]
    public async Task The_server_finds_the_client_among_several_without_being_told()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ValueAsync(alice.Call("upper", "alice")), Is.EqualTo("ALICE"));
            Assert.That(await ValueAsync(bob.Call("upper", "bob")), Is.EqualTo("BOB"));
        }
    }

    [Test]
    public async Task A_call_that_names_its_client_in_the_clear_is_accepted()
    {
        Assert.That(await ValueAsync(bob.Call("upper", "named", named: true)), Is.EqualTo("NAMED"));
    }

    [TestCase(-25, TestName = "A call 25 s behind the server's clock is within a 30 s TTL")]
    [TestCase(25, TestName = "A call 25 s ahead of the server's clock is within a 30 s TTL")]
    public async Task A_call_within_the_ttl_either_way_is_accepted(int seconds)
    {
        var call = With(alice.Call("upper", "in time"), "ts", alice.Seal(BoxClient.UnixNow(TimeSpan.FromSeconds(seconds))));

        Assert.That(await ValueAsync(call), Is.EqualTo("IN TIME"));
    }

    [Test]
    public async Task A_time_with_a_fraction_of_a_second_as_pythons_time_time_gives_it_is_accepted()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var call = With(alice.Call("upper", "fraction"), "ts", alice.Seal(now.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.That(await ValueAsync(call), Is.EqualTo("FRACTION"));
    }

    [TestCase(-40, TestName = "A call 40 s behind the server's clock is refused")]
    [TestCase(40, TestName = "A call 40 s ahead of the server's clock is refused")]
    public async Task A_call_outside_the_ttl_either_way_is_refused(int seconds)
    {
        Assert.That(TimeSpan.FromSeconds(Math.Abs(seconds)), Is.GreaterThan(Ttl));

        await CallIsRefusedAsync(With(alice.Call("upper", "late"), "ts", alice.Seal(BoxClient.UnixNow(TimeSpan.FromSeconds(seconds)))));
    }

    [TestCase("", TestName = "An empty time is refused")]
    [TestCase("yesterday", TestName = "A time that is not a number is refused")]
    [TestCase("-1", TestName = "A negative time is refused")]
    [TestCase("1e9", TestName = "A time in exponent notation is refused")]
    public async Task A_time_that_is_no_unix_time_is_refused(string ts)
    {
        await CallIsRefusedAsync(With(alice.Call("upper", "x"), "ts", alice.Seal(ts)));
    }

    [Test]
    public async Task A_call_sent_twice_is_refused_the_second_time()
    {
        var call = alice.Call("upper", "once");
        Assert.That(await ValueAsync(call), Is.EqualTo("ONCE"));

        await CallIsRefusedAsync(call);
    }

    [Test]
    public async Task A_new_call_that_reuses_one_field_of_an_accepted_call_is_refused()
    {
        var accepted = alice.Call("upper", "first");
        Assert.That(await ValueAsync(accepted), Is.EqualTo("FIRST"));

        // Someone who captured the first call swaps its args into a call of their own making: the args' nonce was used.
        await CallIsRefusedAsync(With(alice.Call("upper", "second"), "args", accepted["args"]));
    }

    [Test]
    public async Task A_call_sealed_by_a_key_that_is_not_registered_is_refused()
    {
        var stranger = alice.WithKeysOf(Sodium.PublicKeyBox.GenerateKeyPair());

        await CallIsRefusedAsync(stranger.Call("time_test"));
    }

    [Test]
    public async Task A_call_with_one_field_sealed_by_another_registered_client_is_refused()
    {
        await CallIsRefusedAsync(With(alice.Call("upper", "mixed"), "entry", bob.Seal("upper")));
    }

    [Test]
    public async Task A_client_that_sends_another_clients_secret_is_refused()
    {
        var aliceWithBobsSecret = alice.WithRegistrationOf(bob);

        using (Assert.EnterMultipleScope())
        {
            await CallIsRefusedAsync(aliceWithBobsSecret.Call("time_test"));
            await CallIsRefusedAsync(With(aliceWithBobsSecret.Call("time_test"), "client", alice.KeyId));
            await CallIsRefusedAsync(With(aliceWithBobsSecret.Call("time_test"), "client", bob.KeyId));
        }
    }

    [Test]
    public async Task A_wrong_secret_is_refused()
    {
        var secret = alice.Secret[..^1] + (alice.Secret[^1] == '0' ? '1' : '0');

        await CallIsRefusedAsync(With(With(alice.Call("time_test"), "id", alice.Seal(secret)), "check", alice.Seal(BoxClient.Crc(secret))));
    }

    [TestCase("0", TestName = "A check of 0 is refused")]
    [TestCase("crc", TestName = "A check that is not a number is refused")]
    [TestCase("", TestName = "An empty check is refused")]
    public async Task A_check_that_is_not_the_secrets_crc_is_refused(string check)
    {
        await CallIsRefusedAsync(With(alice.Call("time_test"), "check", alice.Seal(check)));
    }

    [Test]
    public async Task A_check_off_by_one_from_the_secrets_crc_is_refused()
    {
        var crc = uint.Parse(BoxClient.Crc(alice.Secret), System.Globalization.CultureInfo.InvariantCulture);

        await CallIsRefusedAsync(With(alice.Call("time_test"), "check", alice.Seal(unchecked(crc + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [TestCase("no_such_function", TestName = "A function that does not exist is refused")]
    [TestCase("Time_Test", TestName = "Function names are matched case-sensitively")]
    [TestCase("", TestName = "An empty function name is refused")]
    public async Task An_unknown_function_is_refused(string entry)
    {
        await CallIsRefusedAsync(alice.Call(entry));
    }

    [TestCase("id")]
    [TestCase("check")]
    [TestCase("ts")]
    [TestCase("entry")]
    public async Task A_call_without_a_required_field_is_refused(string member)
    {
        var call = alice.Call("time_test");
        call.Remove(member);

        await CallIsRefusedAsync(call);
    }

    [TestCase("not base64!", TestName = "A field that is not base64 is refused")]
    [TestCase("AAAA", TestName = "A field shorter than a nonce and an authenticator is refused")]
    public async Task A_field_that_is_no_sealed_box_is_refused(string field)
    {
        await CallIsRefusedAsync(With(alice.Call("time_test"), "id", field));
    }

    [Test]
    public async Task A_field_altered_in_transit_is_refused()
    {
        var call = alice.Call("time_test");
        var sealedId = Convert.FromBase64String(call["id"]);
        sealedId[^1] ^= 1;

        await CallIsRefusedAsync(With(call, "id", Convert.ToBase64String(sealedId)));
    }

    [TestCase("cl_AAAAAAAAAAAAAAAAAAAA", TestName = "A call naming a client that does not exist is refused")]
    [TestCase("not a key id", TestName = "A call naming a malformed key id is refused")]
    public async Task A_call_naming_no_registered_client_is_refused(string keyId)
    {
        await CallIsRefusedAsync(With(alice.Call("time_test"), "client", keyId));
    }

    [Test]
    public async Task A_call_naming_another_registered_client_is_refused()
    {
        await CallIsRefusedAsync(With(alice.Call("time_test"), "client", bob.KeyId));
    }

    [Test]
    public async Task A_call_naming_a_client_that_signs_requests_instead_is_refused()
    {
        var hmac = await Factory.AddHmacClientAsync("signing, not sealing");

        await CallIsRefusedAsync(With(alice.Call("time_test"), "client", hmac.KeyId));
    }

    [TestCase("{\"id\": ", "application/json", TestName = "Malformed JSON is refused")]
    [TestCase("[]", "application/json", TestName = "A JSON array is refused")]
    [TestCase("{\"id\": 1, \"check\": 2, \"ts\": 3, \"entry\": 4}", "application/json", TestName = "JSON numbers instead of sealed strings are refused")]
    [TestCase("", "application/json", TestName = "An empty body is refused")]
    [TestCase("id=x&check=y", "application/x-www-form-urlencoded", TestName = "A form body is refused")]
    public async Task A_body_that_is_no_call_is_refused(string body, string mediaType)
    {
        using var response = await Client.PostAsync("/v1", new StringContent(body, Encoding.UTF8, mediaType));

        await AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_call_sealed_correctly_but_sent_without_a_json_content_type_is_refused()
    {
        using var response = await Client.PostAsync("/v1", new StringContent(JsonSerializer.Serialize(alice.Call("time_test")), Encoding.UTF8, "text/plain"));

        await AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_body_over_64_KiB_is_too_large()
    {
        var call = With(alice.Call("time_test"), "args", new string('A', 65 * 1024));

        using var response = await Client.PostAsJsonAsync("/v1", call);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task A_revoked_client_is_refused_from_the_next_call_on_while_others_go_on()
    {
        var carol = await BoxClient.RegisterAsync(Factory, "carol");
        Assert.That(await ValueAsync(carol.Call("upper", "before")), Is.EqualTo("BEFORE"));

        await Factory.RevokeClientAsync(carol.KeyId);

        using (Assert.EnterMultipleScope())
        {
            await CallIsRefusedAsync(carol.Call("upper", "after"));
            await CallIsRefusedAsync(carol.Call("upper", "after", named: true));
            Assert.That(await ValueAsync(alice.Call("upper", "still here")), Is.EqualTo("STILL HERE"));
        }
    }

    [Test]
    public async Task Registration_hands_out_the_servers_box_key_and_a_secret_of_128_hex_characters()
    {
        var added = await Factory.SendAsync(new AddClientCommand(null, null, Convert.ToBase64String(Sodium.PublicKeyBox.GenerateKeyPair().PublicKey)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.Secret, Does.Match("^[0-9a-f]{128}$"));
            Assert.That(added.ServerPublicKey, Is.EqualTo(Convert.ToBase64String(alice.ServerPublicKey)));
            Assert.That(added.KeyId, Does.Match("^cl_[A-Za-z0-9]{20}$"));
        }
    }
}
