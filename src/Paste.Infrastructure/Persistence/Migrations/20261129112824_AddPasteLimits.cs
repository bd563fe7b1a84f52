using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Paste.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddPasteLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Deadline",
                table: "Pastes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "DeleteTokenHash",
                table: "Pastes",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxViews",
                table: "Pastes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Sha256",
                table: "Pastes",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ViewsLeft",
                table: "Pastes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RequestHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Response = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Pastes_Deadline",
                table: "Pastes",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_Pastes_Owner_CreatedAt",
                table: "Pastes",
                columns: new[] { "Owner", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_CreatedAt",
                table: "IdempotencyKeys",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropIndex(
                name: "IX_Pastes_Deadline",
                table: "Pastes");

            migrationBuilder.DropIndex(
                name: "IX_Pastes_Owner_CreatedAt",
                table: "Pastes");

            migrationBuilder.DropColumn(
                name: "Deadline",
                table: "Pastes");

            migrationBuilder.DropColumn(
                name: "DeleteTokenHash",
                table: "Pastes");

            migrationBuilder.DropColumn(
                name: "MaxViews",
                table: "Pastes");

            migrationBuilder.DropColumn(
                name: "Sha256",
                table: "Pastes");

            migrationBuilder.DropColumn(
                name: "ViewsLeft",
                table: "Pastes");
        }
    }
}
