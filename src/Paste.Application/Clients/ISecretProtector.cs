namespace Paste.Application.Clients;

/// <summary>Keeps shared secrets unreadable at rest: only the running service (with its key ring) can recover them.</summary>
public interface ISecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}
