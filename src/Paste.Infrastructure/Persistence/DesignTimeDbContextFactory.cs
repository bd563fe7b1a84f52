using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Paste.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PasteDbContext>
{
    public PasteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PasteDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
