using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add --context PostgresPasteDbContext</c> build the model; it connects to nothing.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresPasteDbContext>
{
    public PostgresPasteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPasteDbContext>().UseNpgsql("Host=design-time").Options);
}
