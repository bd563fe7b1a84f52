using System.Net;
using System.Text.Json;
using Paste.Cli.Tests.Support;

namespace Paste.Cli.Tests;

/// <summary><c>paste --burn / --max-views / --expires-in</c> and <c>paste rm --token</c> against the real server.</summary>
public sealed class PasteLimitsTests(StorageProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Burn_makes_a_paste_that_its_first_read_deletes()
    {
        var created = await PasteAsync(["--burn"], input: TestData.Utf8("the launch code\n"));

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        var raw = new Uri(created.OutputText.TrimEnd('\n') + "/raw");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Http.GetStringAsync(raw), Is.EqualTo("the launch code\n"));
            Assert.That((await Http.GetAsync(raw)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task Max_views_and_expires_in_reach_the_paste_as_its_reads_left_and_deadline()
    {
        var created = await PasteAsync(["--json", "--max-views", "3", "--expires-in", "2h"], input: TestData.Utf8("three reads\n"));

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        using var answer = JsonDocument.Parse(created.Output);
        var root = answer.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("views_left").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("expires_at").GetInt64() - root.GetProperty("created_at").GetInt64(), Is.EqualTo(7200));
        }
    }

    [TestCase("soon")]
    [TestCase("0")]
    [TestCase("5w")]
    public async Task A_lifetime_that_is_not_one_is_a_usage_error(string lifetime)
    {
        var refused = await PasteAsync(["--expires-in", lifetime], input: TestData.Utf8("x"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
            Assert.That(refused.Error, Does.Contain("--expires-in"));
        }
    }

    [Test]
    public async Task The_delete_token_from_json_deletes_an_anonymous_paste_with_rm()
    {
        var created = await PasteAsync(["--json"], input: TestData.Utf8("delete me later\n"));
        using var answer = JsonDocument.Parse(created.Output);
        var id = answer.RootElement.GetProperty("id").GetString()!;
        var token = answer.RootElement.GetProperty("delete_token").GetString()!;

        var wrong = await PasteAsync(["rm", id, "--token", "not-the-token"]);
        var removed = await PasteAsync(["rm", id, "--token", token]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(wrong.ExitCode, Is.EqualTo(1), wrong.ToString());
            Assert.That(removed.ExitCode, Is.Zero, removed.ToString());
            Assert.That(removed.OutputText, Is.EqualTo($"deleted {id}\n"));
            Assert.That((await Http.GetAsync(new Uri($"{ServerUrl}{id}"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }
}
