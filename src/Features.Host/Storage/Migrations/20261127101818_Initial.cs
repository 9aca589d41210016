using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bar_series",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    timeframe = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    bar_count = table.Column<long>(type: "bigint", nullable: false),
                    first_ts = table.Column<long>(type: "bigint", nullable: true),
                    last_ts = table.Column<long>(type: "bigint", nullable: true),
                    revision = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bar_series", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "features",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    plugin_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    storage_prefix = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    storage_uri = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_features", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bars",
                columns: table => new
                {
                    series_id = table.Column<int>(type: "integer", nullable: false),
                    ts = table.Column<long>(type: "bigint", nullable: false),
                    open = table.Column<double>(type: "double precision", nullable: false),
                    high = table.Column<double>(type: "double precision", nullable: false),
                    low = table.Column<double>(type: "double precision", nullable: false),
                    close = table.Column<double>(type: "double precision", nullable: false),
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

            migrationBuilder.CreateTable(
                name: "feature_datasets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    feature_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    timeframe = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    start_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    end_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    plugin_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    plugin_version = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    object_key = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    storage_uri = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    row_count = table.Column<long>(type: "bigint", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    object_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    columns = table.Column<string>(type: "text", nullable: false),
                    preview = table.Column<string>(type: "text", nullable: false),
                    supersedes_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feature_datasets", x => x.id);
                    table.ForeignKey(
                        name: "FK_feature_datasets_features_feature_id",
                        column: x => x.feature_id,
                        principalTable: "features",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bar_series_symbol_timeframe",
                table: "bar_series",
                columns: new[] { "symbol", "timeframe" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_feature_datasets_feature_id_symbol_timeframe_created_at",
                table: "feature_datasets",
                columns: new[] { "feature_id", "symbol", "timeframe", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_feature_datasets_feature_id_version_hash",
                table: "feature_datasets",
                columns: new[] { "feature_id", "version_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_features_created_at",
                table: "features",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bars");

            migrationBuilder.DropTable(
                name: "feature_datasets");

            migrationBuilder.DropTable(
                name: "bar_series");

            migrationBuilder.DropTable(
                name: "features");
        }
    }
}
