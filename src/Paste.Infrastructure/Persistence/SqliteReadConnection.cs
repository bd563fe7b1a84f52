using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>An open connection that compiles each statement once and reuses it for every later read.</summary>
internal sealed class SqliteReadConnection : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);

    public SqliteReadConnection(SqliteConnection connection) => this.connection = connection;

    /// <summary>The compiled statement for <paramref name="sql"/>, with no parameters bound yet.</summary>
    public SqliteCommand Statement(string sql)
    {
        if (statements.TryGetValue(sql, out var statement))
        {
            statement.Parameters.Clear();
            return statement;
        }

        statement = connection.CreateCommand();
        statement.CommandText = sql;
        statements.Add(sql, statement);
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Dispose();
        }

        connection.Dispose();
    }
}
