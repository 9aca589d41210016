using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Fundamentals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fundamental_filings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    accession = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cik = table.Column<long>(type: "bigint", nullable: true),
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    form = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    period = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    fiscal_year = table.Column<int>(type: "integer", nullable: true),
                    fiscal_period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    accepted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    known_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ingested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fundamental_filings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fundamental_tickers",
                columns: table => new
                {
                    ticker = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    cik = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fundamental_tickers", x => x.ticker);
                });

            migrationBuilder.CreateTable(
                name: "fundamental_facts",
                columns: table => new
                {
                    filing_id = table.Column<int>(type: "integer", nullable: false),
                    tag = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    period_end = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    qtrs = table.Column<int>(type: "integer", nullable: false),
                    uom = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fundamental_facts", x => new { x.filing_id, x.tag, x.period_end, x.qtrs });
                    table.ForeignKey(
                        name: "FK_fundamental_facts_fundamental_filings_filing_id",
                        column: x => x.filing_id,
                        principalTable: "fundamental_filings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fundamental_filings_accession",
                table: "fundamental_filings",
                column: "accession",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_fundamental_filings_cik",
                table: "fundamental_filings",
                column: "cik");

            migrationBuilder.CreateIndex(
                name: "IX_fundamental_filings_symbol",
                table: "fundamental_filings",
                column: "symbol");

            migrationBuilder.CreateIndex(
                name: "IX_fundamental_tickers_cik",
                table: "fundamental_tickers",
                column: "cik");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fundamental_facts");

            migrationBuilder.DropTable(
                name: "fundamental_tickers");

            migrationBuilder.DropTable(
                name: "fundamental_filings");
        }
    }
}
