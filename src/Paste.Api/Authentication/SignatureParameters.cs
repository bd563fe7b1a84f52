namespace Paste.Api.Authentication;

/// <summary>The parameters of a cavage signature: keyId, algorithm, headers and the base64 signature.</summary>
internal sealed record SignatureParameters(string KeyId, string? Algorithm, IReadOnlyList<string> Headers, byte[] Signature)
{
    private const int MaxLength = 4096;

    public static SignatureParameters? Parse(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < value.Length)
        {
            var equals = value.IndexOf('=', position);
            if (equals < 0)
            {
                return null;
            }

            var name = value[position..equals].Trim().TrimStart(',').Trim();
            string parameterValue;
            var start = equals + 1;
            if (start < value.Length && value[start] == '"')
            {
                var end = value.IndexOf('"', start + 1);
                if (end < 0)
                {
                    return null;
                }

                parameterValue = value[(start + 1)..end];
                position = end + 1;
            }
            else
            {
                var end = value.IndexOf(',', start);
                end = end < 0 ? value.Length : end;
                parameterValue = value[start..end].Trim();
                position = end;
            }

            if (name.Length == 0 || !parameters.TryAdd(name, parameterValue))
            {
                return null;
            }

            while (position < value.Length && (value[position] == ',' || value[position] == ' '))
            {
                position++;
            }
        }

        if (!parameters.TryGetValue("keyId", out var keyId) || !parameters.TryGetValue("signature", out var signature))
        {
            return null;
        }

        var signatureBytes = new byte[(signature.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(signature, signatureBytes, out var written))
        {
            return null;
        }

        // Draft 12: without a headers parameter only the Date header is signed (which then fails the coverage rule).
        var headers = parameters.TryGetValue("headers", out var list)
            ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => h.ToLowerInvariant()).ToList()
            : ["date"];
        return new SignatureParameters(keyId, parameters.GetValueOrDefault("algorithm"), headers, signatureBytes[..written]);
    }
}
