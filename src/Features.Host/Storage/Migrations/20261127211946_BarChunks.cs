using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class BarChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Bars of a store created before chunking are repacked by DatabaseInitializer, then this table is dropped.
            migrationBuilder.RenameTable(name: "bars", newName: "legacy_bars");

            migrationBuilder.CreateTable(
                name: "bar_chunks",
                columns: table => new
                {
                    series_id = table.Column<int>(type: "integer", nullable: false),
                    first_ts = table.Column<long>(type: "bigint", nullable: false),
                    last_ts = table.Column<long>(type: "bigint", nullable: false),
                    bar_count = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bar_chunks", x => new { x.series_id, x.first_ts });
                    table.ForeignKey(
                        name: "FK_bar_chunks_bar_series_series_id",
                        column: x => x.series_id,
                        principalTable: "bar_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Chunks are packed doubles: TOAST compression would cost CPU on every read and save little.
            migrationBuilder.Sql("ALTER TABLE bar_chunks ALTER COLUMN data SET STORAGE EXTERNAL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bar_chunks");

            migrationBuilder.CreateTable(
                name: "bars",
                columns: table => new
                {
                    series_id = table.Column<int>(type: "integer", nullable: false),
                    ts = table.Column<long>(type: "bigint", nullable: false),
                    close = table.Column<double>(type: "double precision", nullable: false),
                    high = table.Column<double>(type: "double precision", nullable: false),
                    low = table.Column<double>(type: "double precision", nullable: false),
                    open = table.Column<double>(type: "double precision", nullable: false),
                    volume = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bars", x => new { x.series_id, x.ts });
                    table.ForeignKey(
                        name: "FK_bars_bar_series_series_id",
                        column: x => x.series_id,
                        principalTable: "bar_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }
    }
}
