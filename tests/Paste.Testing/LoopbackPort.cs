using System.Net;
using System.Net.Sockets;

namespace Paste.Testing;

public static class LoopbackPort
{
    /// <summary>
    /// A port of 127.0.0.1 that the operating system just handed out and that nothing listens on now, so connections
    /// to it are refused until a test binds it.
    /// </summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
