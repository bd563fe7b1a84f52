using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// Bad <c>Paste:V1</c> settings and a box key that is not a key stop the real service with exit code 1 and one line
/// naming the problem, before it creates its database. The rules themselves are in ServerFunctionOptionsValidatorTests.
/// </summary>
public sealed class ServerFunctionStartupTests(StorageProvider provider) : StoreFixture(provider)
{
    private TestDatabase database = null!;

    [SetUp]
    public void SetUp() => database = new TestDatabase(Provider);

    [TearDown]
    public void TearDown() => database.Dispose();

    [TestCase("Paste:V1:RequestTtl", "00:00:00", "Paste:V1:RequestTtl")]
    [TestCase("Paste:V1:Functions:lookup:Arguments:0", "--no-command", "Paste:V1:Functions:lookup:Command")]
    [TestCase("Paste:V1:Functions:bad name:Command", "/bin/true", "Paste:V1:Functions:bad name")]
    public async Task An_invalid_v1_setting_stops_the_service_and_names_the_key(string key, string value, string named)
    {
        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { [key] = value });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain(named), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
            Assert.That(File.Exists(database.BoxKeyPath), Is.False, "the box key was created before the settings were checked");
        }
    }

    [TestCase(31)]
    [TestCase(33)]
    [TestCase(0)]
    public async Task A_box_key_file_of_the_wrong_length_stops_the_service_and_names_its_path(int length)
    {
        var path = database.BoxKeyPath;
        var notAKey = Enumerable.Repeat((byte)0x42, length).ToArray();
        await File.WriteAllBytesAsync(path, notAKey);

        var result = await PasteExecutable.RunAsync(database, []);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain(path), result.ToString());
            Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(notAKey), "the operator's file is left as it was, not replaced by a new key");
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the key was checked");
        }
    }
}
