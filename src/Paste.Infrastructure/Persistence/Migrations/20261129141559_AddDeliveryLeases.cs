using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Paste.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddDeliveryLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LeasedUntil",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LeasedUntil",
                table: "WebhookDeliveries");
        }
    }
}
