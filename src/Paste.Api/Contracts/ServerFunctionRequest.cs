using Paste.Application.ServerFunctions;

namespace Paste.Api.Contracts;

/// <summary>
/// The JSON body of POST /v1. Every value but <c>client</c> is the base64 of a NaCl box sealed from the client's
/// X25519 key to the server's, the 24-byte nonce first (what PyNaCl's <c>Box.encrypt</c> returns).
/// </summary>
/// <param name="Id">The client's hex secret, sealed.</param>
/// <param name="Check">The decimal CRC-32 of the secret's UTF-8 bytes, sealed.</param>
/// <param name="Ts">The client's Unix time in seconds, sealed.</param>
/// <param name="Entry">The name of the function to call, sealed.</param>
/// <param name="Args">Optional: the text handed to the function on its standard input, sealed.</param>
/// <param name="Client">Optional and in the clear: the key id of the calling client, which spares the server trying every registered key.</param>
public sealed record ServerFunctionRequest(string Id, string Check, string Ts, string Entry, string? Args = null, string? Client = null)
{
    public CallServerFunctionCommand ToCommand() => new(Client, Id, Check, Ts, Entry, Args);
}
