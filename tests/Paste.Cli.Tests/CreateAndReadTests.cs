using System.Text;
using System.Text.Json;
using Paste.Cli.Tests.Support;

namespace Paste.Cli.Tests;

/// <summary><c>paste</c>, <c>paste get</c> and <c>paste info</c> against the real server: what is piped in comes back byte for byte.</summary>
public sealed class CreateAndReadTests(StorageProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Standard_input_becomes_a_paste_and_its_url_is_printed()
    {
        var created = await PasteAsync([], input: TestData.Utf8("make: *** [all] Error 2\n"));

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        var url = created.OutputText.TrimEnd('\n');
        Assert.That(url, Does.Match($"^{ServerUrl}[A-Za-z0-9]{{16}}$"));
        Assert.That(await Http.GetByteArrayAsync(new Uri(url + "/raw")), Is.EqualTo(TestData.Utf8("make: *** [all] Error 2\n")));
    }

    [Test]
    public async Task Each_file_becomes_a_paste_and_get_writes_its_bytes_back_exactly()
    {
        var directory = NewConfigDirectory();
        Directory.CreateDirectory(directory);
        var binary = Path.Combine(directory, "all-bytes.bin");
        var text = Path.Combine(directory, "notes.txt");
        await File.WriteAllBytesAsync(binary, [.. TestData.AllByteValues(), .. TestData.RandomBytes(7, 200_000)]);
        await File.WriteAllTextAsync(text, "ünïcödé\r\nline two\n");

        var created = await PasteAsync([binary, text]);

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        var urls = created.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(urls, Has.Length.EqualTo(2));
        var toStdout = await PasteAsync(["get", urls[0]]);
        var copy = Path.Combine(directory, "copy.txt");
        var toFile = await PasteAsync(["get", urls[1].Split('/')[^1], "-o", copy]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(toStdout.ExitCode, Is.Zero, toStdout.ToString());
            Assert.That(toStdout.Output, Is.EqualTo(await File.ReadAllBytesAsync(binary)), "a URL works as the id, and stdout gets the bytes");
            Assert.That(toFile.ExitCode, Is.Zero, toFile.ToString());
            Assert.That(await File.ReadAllBytesAsync(copy), Is.EqualTo(await File.ReadAllBytesAsync(text)));
            Assert.That(File.Exists(copy + ".partial"), Is.False);
        }
    }

    [Test]
    public async Task Type_declares_the_content_type_and_json_prints_the_whole_answer()
    {
        var created = await PasteAsync(["--json", "--type", "text/x-python"], input: TestData.Utf8("print('hi')\n"));

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        using var answer = JsonDocument.Parse(created.Output);
        var id = answer.RootElement.GetProperty("id").GetString()!;
        var info = await PasteAsync(["info", id]);
        using var metadata = JsonDocument.Parse(info.Output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.RootElement.GetProperty("mime_type").GetString(), Is.EqualTo("text/x-python"));
            Assert.That(info.ExitCode, Is.Zero, info.ToString());
            Assert.That(metadata.RootElement.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(metadata.RootElement.GetProperty("size").GetInt64(), Is.EqualTo(12));
            Assert.That(metadata.RootElement.GetProperty("mime_type").GetString(), Is.EqualTo("text/x-python"));
            Assert.That(metadata.RootElement.TryGetProperty("data", out _), Is.False, "the content is for 'paste get'");
        }
    }

    [Test]
    public async Task A_refused_request_exits_1_with_the_servers_json_error_on_stderr()
    {
        var missing = await PasteAsync(["get", "AAAAAAAAAAAAAAAA"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
            Assert.That(missing.Output, Is.Empty);
            Assert.That(JsonDocument.Parse(missing.Error).RootElement.GetProperty("error").GetString(), Is.EqualTo("Paste not found"));
        }
    }

    [Test]
    public async Task An_unreachable_server_exits_3_and_a_wrong_command_line_exits_2()
    {
        var unreachable = await PasteAsync(["info", "AAAAAAAAAAAAAAAA"], environment: new Dictionary<string, string?> { ["PASTE_URL"] = "http://127.0.0.1:9/" });
        var missingId = await PasteAsync(["get"]);
        var missingFile = await PasteAsync(["/no/such/file.txt"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unreachable.ExitCode, Is.EqualTo(3), unreachable.ToString());
            Assert.That(unreachable.Error, Does.StartWith("paste: cannot reach the server"));
            Assert.That(missingId.ExitCode, Is.EqualTo(2), missingId.ToString());
            Assert.That(missingId.Error, Does.Contain("Try 'paste --help'."));
            Assert.That(missingFile.ExitCode, Is.EqualTo(2), missingFile.ToString());
            Assert.That(missingFile.Error, Does.Contain("no such file"));
        }
    }

    [Test]
    public async Task An_interrupted_command_exits_130_and_says_so()
    {
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        var result = await PasteAsync(["info", "AAAAAAAAAAAAAAAA"], cancellationToken: interrupted.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(130), result.ToString());
            Assert.That(result.Error, Is.EqualTo("paste: cancelled\n"));
        }
    }

    [Test]
    public async Task Progress_is_drawn_for_large_transfers_only_when_stderr_is_a_terminal()
    {
        var large = TestData.RandomBytes(3, 2 * 1024 * 1024);
        var copy = Path.Combine(Factory.Database.DirectoryPath, "large-copy.bin");

        var watched = await PasteAsync([], input: large, errorIsTerminal: true);
        var scripted = await PasteAsync([], input: large, errorIsTerminal: false);
        var download = await PasteAsync(["get", watched.OutputText.Trim(), "-o", copy], errorIsTerminal: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(watched.ExitCode, Is.Zero, watched.ToString());
            Assert.That(watched.Error, Does.Contain("\ruploading 2.0 MiB"));
            Assert.That(scripted.ExitCode, Is.Zero, scripted.ToString());
            Assert.That(scripted.Error, Is.Empty);
            Assert.That(download.ExitCode, Is.Zero, download.ToString());
            Assert.That(download.Error, Does.Contain("\rdownloading 2.0 / 2.0 MiB (100%)"));
            Assert.That(await File.ReadAllBytesAsync(copy), Is.EqualTo(large), "the file is complete once the command ends");
        }
    }

    [Test]
    public async Task Help_on_every_command_shows_an_example()
    {
        foreach (var command in new[] { Array.Empty<string>(), ["get"], ["info"], ["rm"], ["login"], ["keygen"], ["verify-webhook"] })
        {
            var help = await PasteAsync([.. command, "--help"]);

            Assert.That(help.ExitCode, Is.Zero, help.ToString());
            Assert.That(Encoding.UTF8.GetString(help.Output), Does.Contain("Example").And.Contain("paste "), string.Join(' ', command));
        }
    }
}
