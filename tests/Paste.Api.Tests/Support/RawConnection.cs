using System.Net.Sockets;
using System.Text;

namespace Paste.Api.Tests.Support;

/// <summary>
/// One TCP connection to a real Kestrel, written to byte for byte: for clients no HTTP library imitates, such as one
/// that sends its request slowly or stops half-way. Everything the server sends is kept, in order.
/// </summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly MemoryStream received = new();
    private volatile bool answered;
    private bool closedByServer;

    private RawConnection()
    {
    }

    /// <summary>Whether the server has sent anything yet.</summary>
    public bool HasAnswered => answered;

    public static async Task<RawConnection> OpenAsync(Uri server)
    {
        var connection = new RawConnection();
        await connection.socket.ConnectAsync(server.Host, server.Port);
        return connection;
    }

    /// <summary>Sends <paramref name="text"/> as ASCII; false when the server has already closed the connection.</summary>
    public async Task<bool> SendAsync(string text)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(text));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads until what the server sent satisfies <paramref name="done"/> or the server closes the connection (a reset
    /// counts as closing); returns everything the server has sent so far.
    /// </summary>
    public async Task<string> ReceiveUntilAsync(Func<string, bool> done, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        while (!closedByServer && !done(Text()))
        {
            try
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                closedByServer = read == 0;
                received.Write(buffer, 0, read);
                answered = answered || read > 0;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                closedByServer = true;
            }
        }

        return Text();
    }

    /// <summary>Reads until the server closes the connection; returns everything it sent.</summary>
    public Task<string> ReceiveToEndAsync(CancellationToken cancellationToken) => ReceiveUntilAsync(_ => false, cancellationToken);

    /// <summary>Hangs up at once, with a reset rather than an orderly close, as a client that vanishes does.</summary>
    public void Abort()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public void Dispose()
    {
        socket.Dispose();
        received.Dispose();
    }

    private string Text() => Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
}
