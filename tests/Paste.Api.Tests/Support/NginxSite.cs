namespace Paste.Api.Tests.Support;

/// <summary>
/// What a test puts into deploy/paste.nginx.conf where an operator puts their own values: the certificate and
/// revocation list paths, the listen ports (on 127.0.0.1 only), the host name, the service's port and the proxy
/// secret. Everything else is the site as deployed.
/// </summary>
public sealed record NginxSite(
    string HostName,
    int HttpsPort,
    int HttpPort,
    int ServicePort,
    string ProxySecret,
    PemCertificate Server,
    string ClientAuthorityPath,
    string ClientRevocationListPath)
{
    public const string DeployedPath = "deploy/paste.nginx.conf";

    /// <summary>The deployed site with this test's values; fails when one of the values to replace is gone from it.</summary>
    public string Render(string deployed, string accessLogPath)
    {
        (string Deployed, string Test)[] replacements =
        [
            ("/etc/ssl/paste/fullchain.pem", Server.CertificatePath),
            ("/etc/ssl/paste/privkey.pem", Server.KeyPath),
            ("/etc/ssl/paste/clients-ca.pem", ClientAuthorityPath),
            ("/etc/ssl/paste/clients-crl.pem", ClientRevocationListPath),
            ("proxy_pass http://127.0.0.1:5000;", $"proxy_pass http://127.0.0.1:{ServicePort};"),
            ("listen 80 default_server;", $"listen 127.0.0.1:{HttpPort} default_server;"),
            ("listen [::]:80 default_server;", string.Empty),
            ("listen 443 ssl default_server;", $"listen 127.0.0.1:{HttpsPort} ssl default_server;"),
            ("listen [::]:443 ssl default_server;", string.Empty),
            ("listen 80;", $"listen 127.0.0.1:{HttpPort};"),
            ("listen [::]:80;", string.Empty),
            ("listen 443 ssl;", $"listen 127.0.0.1:{HttpsPort} ssl;"),
            ("listen [::]:443 ssl;", string.Empty),
            ("server_name paste.example.com;", $"server_name {HostName};"),
            ("\"CHANGE-ME\"", $"\"{ProxySecret}\""),
            ("/var/log/nginx/paste.access.log", accessLogPath),
        ];

        var site = deployed;
        foreach (var (value, replacement) in replacements)
        {
            Assert.That(site, Does.Contain(value), $"{DeployedPath} no longer contains '{value}', which the end-to-end test replaces");
            site = site.Replace(value, replacement, StringComparison.Ordinal);
        }

        // Whatever the site gains later must not reach outside the test: no other file of the machine, no other address.
        var directives = site.Split('\n').Select(line => line.Split('#')[0]).Where(line => line.Trim().Length > 0);
        var outside = directives.Where(line =>
            line.Contains("/etc/", StringComparison.Ordinal)
            || line.Contains("/var/", StringComparison.Ordinal)
            || (line.Trim().StartsWith("listen", StringComparison.Ordinal) && !line.Contains("127.0.0.1:", StringComparison.Ordinal)));
        Assert.That(outside, Is.Empty, $"{DeployedPath} has directives the end-to-end test does not know how to move into its own directory");
        return site;
    }
}
