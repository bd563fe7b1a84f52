using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence;

internal sealed class DatabaseHealthProbe(PasteDbContext db, ILogger<DatabaseHealthProbe> logger) : IDatabaseHealthProbe
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Touches the schema, not just the file: a database without our tables cannot serve a paste.
            await db.Pastes.AnyAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            logger.LogError(exception, "Database health check failed");
            return false;
        }
    }
}
