namespace Paste.Testing;

/// <summary>Client certificate fingerprints as the reverse proxy forwards them in X-SSL-Client-SHA1.</summary>
public static class Fingerprints
{
    public const string Header = "X-SSL-Client-SHA1";
    public const string ProxySecretHeader = "X-Proxy-Secret";

    public const string Alice = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2";
    public const string Bob = "0123456789abcdef0123456789abcdef01234567";
}
