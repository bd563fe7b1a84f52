using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Clients;
using Paste.Application.ServerFunctions;
using Paste.Application.Tests.Clients;
using Paste.Domain.Clients;

namespace Paste.Application.Tests.ServerFunctions;

public sealed class CallServerFunctionHandlerTests
{
    private const string KeyId = "cl_fuD6bng2Bxc4iOdkfbvP";
    private const string Secret = "2aed83f3d03b5520ce8e831088b219e333eb74d74243d3e9b4bd8e337229dac727ae4c249990bb6430d1b83cae7221ab19772e13a787087050a1e9529588e621";

    private static readonly DateTimeOffset Now = new(2024, 3, 30, 13, 20, 53, TimeSpan.Zero);
    private static readonly byte[] ClientKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private Mock<IApiClientStore> store = null!;
    private Mock<ISecretProtector> protector = null!;
    private Mock<IServerFunctionRunner> runner = null!;
    private Mock<IServerFunctionRunSlots> runSlots = null!;
    private Mock<IDisposable> slot = null!;
    private FakeServerBox box = null!;
    private FakeReplayGuard replayGuard = null!;
    private ServerFunctionOptions options = null!;

    [SetUp]
    public void SetUp()
    {
        var client = ApiClient.WithBoxKey(KeyId, "seed client", ClientKey, "protected", Now.AddDays(-1));
        store = new Mock<IApiClientStore>(MockBehavior.Strict);
        store.Setup(s => s.ListActiveAsync(ClientKeyType.SealedBox, It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([client]);
        protector = new Mock<ISecretProtector>(MockBehavior.Strict);
        protector.Setup(p => p.Unprotect("protected")).Returns(Secret);
        runner = new Mock<IServerFunctionRunner>(MockBehavior.Strict);
        slot = new Mock<IDisposable>();
        runSlots = new Mock<IServerFunctionRunSlots>(MockBehavior.Strict);
        runSlots.Setup(s => s.TryTake(KeyId, It.IsAny<int>(), It.IsAny<string>(), It.IsAny<int>())).Returns(slot.Object);
        box = new FakeServerBox();
        replayGuard = new FakeReplayGuard();
        options = new ServerFunctionOptions();
    }

    private CallServerFunctionHandler Handler() =>
        new(store.Object, protector.Object, box, replayGuard, runner.Object, runSlots.Object, new FakeTimeProvider(Now), Options.Create(options));

    private static string Seal(string text, byte nonce) => FakeServerBox.Seal(ClientKey, text, nonce);

    private static CallServerFunctionCommand Call(string entry, string? args = null) => new(
        null,
        Seal(Secret, 1),
        Seal(Crc32.HashToUInt32(Encoding.UTF8.GetBytes(Secret)).ToString(System.Globalization.CultureInfo.InvariantCulture), 2),
        Seal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), 3),
        Seal(entry, 4),
        args is null ? null : Seal(args, 5));

    [Test]
    public async Task Time_test_answers_the_time_as_the_protocols_demo_prints_it()
    {
        Assert.That(await Handler().Handle(Call("time_test"), CancellationToken.None), Is.EqualTo("Sat Mar 30 13:20:53 2024"));
    }

    [Test]
    public void Ctime_pads_a_one_digit_day_with_a_space()
    {
        Assert.That(BuiltInServerFunctions.CurrentTime(new DateTimeOffset(2024, 3, 3, 1, 2, 3, TimeSpan.FromHours(2))), Is.EqualTo("Sat Mar  2 23:02:03 2024"));
    }

    [Test]
    public async Task An_operator_function_gets_the_args_and_its_output_is_the_value()
    {
        var upper = new ServerFunctionSettings { Command = "/usr/bin/tr" };
        options.Functions["upper"] = upper;
        runner.Setup(r => r.RunAsync("upper", upper, "some args", It.IsAny<CancellationToken>())).ReturnsAsync("SOME ARGS");

        Assert.That(await Handler().Handle(Call("upper", "some args"), CancellationToken.None), Is.EqualTo("SOME ARGS"));
    }

    [Test]
    public async Task An_operator_function_runs_in_a_slot_of_its_client_and_function_bounds_released_after_it()
    {
        var upper = new ServerFunctionSettings { Command = "/usr/bin/tr", MaxConcurrentRuns = 3 };
        options.Functions["upper"] = upper;
        options.MaxConcurrentRunsPerClient = 2;
        runner.Setup(r => r.RunAsync("upper", upper, "x", It.IsAny<CancellationToken>())).ReturnsAsync("X");

        await Handler().Handle(Call("upper", "x"), CancellationToken.None);

        runSlots.Verify(s => s.TryTake(KeyId, 2, "upper", 3), Times.Once);
        slot.Verify(s => s.Dispose(), Times.Once);
    }

    [Test]
    public void A_call_with_no_slot_free_is_refused_as_busy_and_runs_nothing()
    {
        options.Functions["upper"] = new ServerFunctionSettings { Command = "/usr/bin/tr" };
        runSlots.Setup(s => s.TryTake(KeyId, It.IsAny<int>(), "upper", It.IsAny<int>())).Returns((IDisposable?)null);

        Assert.ThrowsAsync<ServerFunctionsBusyException>(async () => await Handler().Handle(Call("upper", "x"), CancellationToken.None));

        runner.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_call_without_args_gives_the_function_empty_input()
    {
        options.Functions["upper"] = new ServerFunctionSettings { Command = "/usr/bin/tr" };
        runner.Setup(r => r.RunAsync("upper", It.IsAny<ServerFunctionSettings>(), "", It.IsAny<CancellationToken>())).ReturnsAsync("");

        await Handler().Handle(Call("upper"), CancellationToken.None);

        runner.VerifyAll();
    }

    [Test]
    public async Task An_operator_function_named_time_test_replaces_the_built_in_one()
    {
        options.Functions["time_test"] = new ServerFunctionSettings { Command = "/bin/date" };
        runner.Setup(r => r.RunAsync("time_test", It.IsAny<ServerFunctionSettings>(), "", It.IsAny<CancellationToken>())).ReturnsAsync("operator's time");

        Assert.That(await Handler().Handle(Call("time_test"), CancellationToken.None), Is.EqualTo("operator's time"));
    }

    [Test]
    public async Task Every_fields_nonce_is_remembered_until_the_call_could_no_longer_pass_the_time_check()
    {
        await Handler().Handle(Call("time_test", "args"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replayGuard.Calls.Select(c => c.Signature[0]), Is.EquivalentTo(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.That(replayGuard.Calls.Select(c => c.KeyId), Is.All.EqualTo(KeyId));
            Assert.That(replayGuard.Calls.Select(c => c.RememberUntil), Is.All.EqualTo(Now + options.RequestTtl));
        }
    }

    [Test]
    public void A_replayed_call_is_refused_before_the_function_runs()
    {
        options.Functions["upper"] = new ServerFunctionSettings { Command = "/usr/bin/tr" };
        replayGuard.Result = false;

        var refusal = Assert.ThrowsAsync<SealedCallRefusedException>(async () => await Handler().Handle(Call("upper", "x"), CancellationToken.None));

        Assert.That(refusal!.Reason, Does.Contain("nonce already used"));
        runner.VerifyNoOtherCalls();
    }

    [Test]
    public void A_refused_call_spends_no_nonce()
    {
        var refusal = Assert.ThrowsAsync<SealedCallRefusedException>(async () => await Handler().Handle(Call("no_such_function"), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Reason, Does.Contain("no function"));
            Assert.That(replayGuard.Calls, Is.Empty);
        }
    }

    [Test]
    public void Unnamed_calls_try_no_more_keys_than_the_bound_and_the_log_says_why()
    {
        options.MaxKeyTrials = 3;
        var strangers = Enumerable.Range(0, 4)
            .Select(i => ApiClient.WithBoxKey(ApiClient.NewKeyId(), $"other {i}", Enumerable.Repeat((byte)(100 + i), 32).ToArray(), "protected", Now))
            .ToList();
        store.Setup(s => s.ListActiveAsync(ClientKeyType.SealedBox, 4, It.IsAny<CancellationToken>())).ReturnsAsync(strangers);

        var refusal = Assert.ThrowsAsync<SealedCallRefusedException>(async () => await Handler().Handle(Call("time_test"), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(box.Opened, Is.EqualTo(3));
            Assert.That(refusal!.Reason, Does.Contain("first 3"));
        }
    }
}
