using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Paste.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddBoxClients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BoxPublicKey",
                table: "ApiClients",
                type: "TEXT",
                maxLength: 44,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BoxPublicKey",
                table: "ApiClients");
        }
    }
}
