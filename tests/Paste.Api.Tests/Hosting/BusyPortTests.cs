using System.Net;
using System.Net.Sockets;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Hosting;

/// <summary>A service started on an address another process already listens on ends with one line naming it and exit code 1.</summary>
public sealed class BusyPortTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_port_already_in_use_ends_the_service_with_one_line_naming_the_address_and_exit_code_1()
    {
        using var database = new TestDatabase(Provider);
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";

        var result = await PasteExecutable.RunAsync(database, ["--urls", address]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError.Trim(), Does.Contain(address).And.Contain("address already in use"), result.ToString());
            Assert.That(result.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1), result.ToString());
            Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain("   at "), "a stack trace was printed");
        }
    }
}
