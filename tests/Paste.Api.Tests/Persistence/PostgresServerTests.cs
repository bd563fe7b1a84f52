using Npgsql;

namespace Paste.Api.Tests.Persistence;

/// <summary>The throwaway PostgreSQL server the PostgreSQL tests run on: a database of its own for every caller.</summary>
public sealed class PostgresServerTests
{
    private PostgresServer server = null!;
    private readonly List<string> created = [];

    [SetUp]
    public void SetUp() => server = PostgresServer.Shared;

    [TearDown]
    public async Task TearDown()
    {
        foreach (var connectionString in created)
        {
            await server.DropDatabaseAsync(connectionString);
        }

        created.Clear();
    }

    [Test]
    public async Task A_created_database_stores_and_returns_rows()
    {
        var connectionString = await CreateDatabaseAsync();

        await ExecuteAsync(connectionString, "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL); INSERT INTO notes VALUES (1, 'héllo');");

        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT body FROM notes WHERE id = 1", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("héllo"));
    }

    [Test]
    public async Task Two_created_databases_are_distinct_and_do_not_share_tables()
    {
        var first = await CreateDatabaseAsync();
        var second = await CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE only_in_first (id integer)");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(DatabaseOf(first), Is.Not.EqualTo(DatabaseOf(second)));
            Assert.That(await TableExistsAsync(first, "only_in_first"), Is.True);
            Assert.That(await TableExistsAsync(second, "only_in_first"), Is.False);
        }
    }

    [Test]
    public async Task A_dropped_database_is_gone_even_with_a_connection_still_open_on_it()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var open = await OpenAsync(connectionString);

        await server.DropDatabaseAsync(connectionString);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await DatabaseExistsAsync(DatabaseOf(connectionString)), Is.False);
            var refused = Assert.ThrowsAsync<PostgresException>(async () => await OpenAsync(connectionString));
            Assert.That(refused?.SqlState, Is.EqualTo(PostgresErrorCodes.InvalidCatalogName));
        }
    }

    [Test]
    public async Task The_server_listens_on_loopback_only_and_answers_as_the_paste_superuser()
    {
        var connectionString = await CreateDatabaseAsync();

        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT current_user, inet_server_addr()::text, current_setting('server_encoding'), current_setting('listen_addresses')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.GetString(0), Is.EqualTo(PostgresServer.UserName));
            Assert.That(reader.GetString(1), Is.EqualTo("127.0.0.1/32"));
            Assert.That(reader.GetString(2), Is.EqualTo("UTF8"));
            Assert.That(reader.GetString(3), Is.EqualTo("127.0.0.1"));
        }
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        created.Add(connectionString);
        return connectionString;
    }

    private async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = await OpenAsync(server.AdminConnectionString);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static string DatabaseOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
