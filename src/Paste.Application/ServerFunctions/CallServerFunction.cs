using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Clients;
using Paste.Domain.Clients;

namespace Paste.Application.ServerFunctions;

/// <summary>
/// A call to <c>/v1</c> as the client sent it: each field the base64 of a box sealed to the server's key (nonce, then
/// ciphertext), and optionally the clear key id of the client that sealed them.
/// </summary>
public sealed record CallServerFunctionCommand(string? Client, string? Id, string? Check, string? Ts, string? Entry, string? Args)
    : ICommand<string>;

/// <summary>
/// Accepts a call only when one registered client's key opens every field, the secret inside is that client's, the
/// CRC matches it, the time is within the TTL, no field's nonce was seen before and the function exists; then runs
/// the function and answers its value, unless the client or the function already has as many runs going as it may.
/// </summary>
public sealed class CallServerFunctionHandler(
    IApiClientStore store,
    ISecretProtector protector,
    IServerBox box,
    IReplayGuard replayGuard,
    IServerFunctionRunner runner,
    IServerFunctionRunSlots runSlots,
    TimeProvider timeProvider,
    IOptions<ServerFunctionOptions> options) : ICommandHandler<CallServerFunctionCommand, string>
{
    /// <summary>A box is at least its nonce and its 16-byte authenticator.</summary>
    private const int MinSealedLength = 24 + 16;

    private const int NonceLength = 24;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async ValueTask<string> Handle(CallServerFunctionCommand command, CancellationToken cancellationToken)
    {
        byte[][] fields = [Sealed(command.Id), Sealed(command.Check), Sealed(command.Ts), Sealed(command.Entry), .. command.Args is null ? [] : new[] { Sealed(command.Args) }];
        var (client, secret) = await OpenIdAsync(command.Client, fields[0], cancellationToken);

        if (!CryptographicOperations.FixedTimeEquals(Utf8(secret), Utf8(protector.Unprotect(client.KeyMaterial))))
        {
            throw new SealedCallRefusedException($"the secret is not that of client {client.KeyId}");
        }

        if (!uint.TryParse(Open(client, fields[1]), NumberStyles.None, CultureInfo.InvariantCulture, out var crc) || crc != Crc32.HashToUInt32(Utf8(secret)))
        {
            throw new SealedCallRefusedException($"the check is not the CRC-32 of client {client.KeyId}'s secret");
        }

        var ttl = options.Value.RequestTtl;
        var now = timeProvider.GetUtcNow();
        if (!decimal.TryParse(Open(client, fields[2]), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ts)
            || Math.Abs(ts - now.ToUnixTimeMilliseconds() / 1000m) > (decimal)ttl.TotalSeconds)
        {
            throw new SealedCallRefusedException($"the time of client {client.KeyId}'s call is missing or more than {ttl} from the server's clock");
        }

        var entry = Open(client, fields[3]);
        var function = options.Value.Functions.GetValueOrDefault(entry);
        if (function is null && entry != BuiltInServerFunctions.TimeTest)
        {
            throw new SealedCallRefusedException($"client {client.KeyId} called '{(BuiltInServerFunctions.IsValidName(entry) ? entry : "an invalid name")}', which is no function");
        }

        var input = command.Args is null ? "" : Open(client, fields[4]);

        // Last, so that only a call that is otherwise accepted spends its nonces. Every field's nonce counts: fields
        // of calls already made cannot be recombined into a new one.
        var rememberUntil = DateTimeOffset.FromUnixTimeMilliseconds((long)(ts * 1000)) + ttl;
        foreach (var field in fields)
        {
            if (!await replayGuard.TryAcceptAsync(client.KeyId, field.AsMemory(0, NonceLength), rememberUntil, cancellationToken))
            {
                throw new SealedCallRefusedException($"client {client.KeyId}'s call repeats a nonce already used");
            }
        }

        if (function is null)
        {
            return BuiltInServerFunctions.CurrentTime(now);
        }

        // After the nonces: a call refused here is spent, and its client seals a new one to try again.
        var perClient = options.Value.MaxConcurrentRunsPerClient;
        using var slot = runSlots.TryTake(client.KeyId, perClient, entry, function.MaxConcurrentRuns)
            ?? throw new ServerFunctionsBusyException(
                $"client {client.KeyId} has {perClient} runs going, or function {entry} has {function.MaxConcurrentRuns}");
        return await runner.RunAsync(entry, function, input, cancellationToken);
    }

    /// <summary>The client named by the call, or else the first registered one (oldest first, up to the bound) whose key opens the id.</summary>
    private async Task<(ApiClient Client, string Secret)> OpenIdAsync(string? keyId, byte[] sealedId, CancellationToken cancellationToken)
    {
        if (keyId is not null)
        {
            var named = ApiClient.IsWellFormedKeyId(keyId) ? await store.FindAsync(keyId, cancellationToken) : null;
            if (named is not { KeyType: ClientKeyType.SealedBox, IsRevoked: false })
            {
                throw new SealedCallRefusedException("the call names no registered, unrevoked box client");
            }

            return (named, Open(named, sealedId));
        }

        var bound = options.Value.MaxKeyTrials;
        var candidates = await store.ListActiveAsync(ClientKeyType.SealedBox, bound + 1, cancellationToken);
        foreach (var candidate in candidates.Take(bound))
        {
            if (box.Open(Convert.FromBase64String(candidate.BoxPublicKey!), sealedId) is { } opened)
            {
                return (candidate, Text(opened, candidate));
            }
        }

        throw new SealedCallRefusedException(candidates.Count > bound
            ? $"no box key among the first {bound} registered opens the id; the others are only tried by calls that name their client"
            : "no registered box key opens the id");
    }

    private string Open(ApiClient client, byte[] sealedField) =>
        box.Open(Convert.FromBase64String(client.BoxPublicKey!), sealedField) is { } opened
            ? Text(opened, client)
            : throw new SealedCallRefusedException($"a field is not sealed with client {client.KeyId}'s key");

    private static string Text(byte[] opened, ApiClient client)
    {
        try
        {
            return StrictUtf8.GetString(opened);
        }
        catch (DecoderFallbackException)
        {
            throw new SealedCallRefusedException($"a field of client {client.KeyId} is not UTF-8 text");
        }
    }

    private static byte[] Sealed(string? field)
    {
        var bytes = field is null ? null : DecodeBase64(field);
        return bytes is { Length: >= MinSealedLength }
            ? bytes
            : throw new SealedCallRefusedException("a field is missing or not the base64 of a sealed box");
    }

    private static byte[]? DecodeBase64(string field)
    {
        var buffer = new byte[field.Length * 3 / 4];
        return Convert.TryFromBase64String(field, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
