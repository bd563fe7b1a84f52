using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

internal static class SqliteTransactionCommands
{
    /// <summary>A command bound to the transaction, as SQLite requires while one is open on the connection.</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
