namespace Paste.Api.Tests.Support;

/// <summary>
/// Runs every test of a derived fixture once on each storage provider. NUnit inherits the two attributes and builds
/// the fixture with each argument, so results read <c>CreatePasteTests(PostgreSql).…</c>; a derived fixture only
/// passes the argument on, <c>sealed class X(StorageProvider provider) : StoreFixture(provider)</c>.
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public abstract class StoreFixture
{
    protected StoreFixture(StorageProvider provider) => Provider = provider;

    /// <summary>The store this run of the fixture's tests keeps its pastes in.</summary>
    protected StorageProvider Provider { get; }
}
