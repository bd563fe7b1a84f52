namespace Paste.Api.Tests.Support;

/// <summary>
/// Throw-away certificate authorities and the certificates they sign, made with the openssl command line in a
/// directory of the test's own: P-256 keys, valid for a day. openssl is a requirement (CI installs it).
/// </summary>
public static class TestCertificates
{
    /// <summary>A self-signed authority named <paramref name="commonName"/>, written as <c>{name}.pem</c> and <c>{name}.key</c>.</summary>
    public static async Task<PemCertificate> AuthorityAsync(string directory, string name, string commonName)
    {
        await ExternalProcess.RequireAsync("openssl");
        var authority = Files(directory, name);
        await OpenSslAsync(directory,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", authority.KeyPath, "-out", authority.CertificatePath, "-days", "1", "-subj", $"/CN={commonName}");
        return authority;
    }

    /// <summary>A server certificate for <paramref name="hostName"/> (in its CN and its subject alternative name).</summary>
    public static Task<PemCertificate> ServerAsync(string directory, string name, string hostName, PemCertificate authority) =>
        IssueAsync(directory, name, hostName, authority, $"subjectAltName=DNS:{hostName}", "extendedKeyUsage=serverAuth");

    /// <summary>A TLS client certificate, as a person or a script would present to nginx.</summary>
    public static Task<PemCertificate> ClientAsync(string directory, string name, string commonName, PemCertificate authority) =>
        IssueAsync(directory, name, commonName, authority, "extendedKeyUsage=clientAuth");

    /// <summary>
    /// The authority's certificate revocation list, valid for a day, with <paramref name="revoked"/> on it, written to
    /// <paramref name="path"/>: made with <c>openssl ca</c> and its index file, as docs/deployment.md has an operator do.
    /// </summary>
    public static async Task RevocationListAsync(PemCertificate authority, string path, params PemCertificate[] revoked)
    {
        var directory = Path.GetDirectoryName(path)!;
        var name = Path.GetFileNameWithoutExtension(path);
        var index = Path.Combine(directory, $"{name}.index.txt");
        var configuration = Path.Combine(directory, $"{name}.cnf");
        await File.WriteAllTextAsync(index, string.Empty);
        await File.WriteAllLinesAsync(configuration, [
            "[ca]",
            "default_ca = paste_ca",
            "[paste_ca]",
            $"database = {index}",
            $"certificate = {authority.CertificatePath}",
            $"private_key = {authority.KeyPath}",
            "default_md = sha256",
            "default_crl_days = 1",
        ]);
        foreach (var certificate in revoked)
        {
            await OpenSslAsync(directory, "ca", "-config", configuration, "-revoke", certificate.CertificatePath);
        }

        await OpenSslAsync(directory, "ca", "-config", configuration, "-gencrl", "-out", path);
    }

    /// <summary>
    /// The SHA-1 fingerprint as <c>openssl x509 -noout -fingerprint -sha1</c> prints it, lower-cased without the colons:
    /// the form in which nginx's <c>$ssl_client_fingerprint</c> should reach the service.
    /// </summary>
    public static async Task<string> Sha1FingerprintAsync(PemCertificate certificate)
    {
        var printed = await OpenSslAsync(Path.GetDirectoryName(certificate.CertificatePath)!,
            "x509", "-noout", "-fingerprint", "-sha1", "-in", certificate.CertificatePath);

        // "sha1 Fingerprint=54:A3:63:...", or "SHA1 Fingerprint=..." in older versions.
        var line = printed.Trim();
        var fingerprint = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        Assert.That(fingerprint, Does.Match("^[0-9a-f]{40}$"), $"openssl printed {printed}");
        return fingerprint;
    }

    private static async Task<PemCertificate> IssueAsync(
        string directory, string name, string commonName, PemCertificate authority, params string[] extensions)
    {
        var issued = Files(directory, name);
        var request = Path.Combine(directory, $"{name}.csr");
        var extensionFile = Path.Combine(directory, $"{name}.ext");
        await File.WriteAllLinesAsync(extensionFile, ["basicConstraints=critical,CA:FALSE", .. extensions]);

        await OpenSslAsync(directory,
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", issued.KeyPath, "-out", request, "-subj", $"/CN={commonName}");
        await OpenSslAsync(directory,
            "x509", "-req", "-in", request, "-CA", authority.CertificatePath, "-CAkey", authority.KeyPath,
            "-days", "1", "-extfile", extensionFile, "-out", issued.CertificatePath);
        return issued;
    }

    private static PemCertificate Files(string directory, string name) =>
        new(Path.Combine(directory, $"{name}.pem"), Path.Combine(directory, $"{name}.key"));

    private static async Task<string> OpenSslAsync(string directory, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("openssl", arguments, workingDirectory: directory);
        Assert.That(result.ExitCode, Is.Zero, $"openssl {string.Join(' ', arguments)}{Environment.NewLine}{result}");
        return result.StandardOutput;
    }
}
