using System.Security.Cryptography.X509Certificates;

namespace Paste.Api.Tests.Support;

/// <summary>A certificate and its private key as the PEM files that openssl wrote, as nginx and curl take them.</summary>
public sealed record PemCertificate(string CertificatePath, string KeyPath)
{
    /// <summary>The certificate with its private key, for a TLS client of the test.</summary>
    public X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);

    /// <summary>The certificate alone, as a trust anchor.</summary>
    public X509Certificate2 LoadPublic() => X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
}
