using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ResearchData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feature_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    feature_ids = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feature_sets", x => x.id);
                });

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
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    request = table.Column<string>(type: "text", nullable: false),
                    total_items = table.Column<int>(type: "integer", nullable: false),
                    chunk_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "news_items",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    published_at = table.Column<long>(type: "bigint", nullable: false),
                    symbols = table.Column<string>(type: "text", nullable: false),
                    headline = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    relevance = table.Column<double>(type: "double precision", nullable: true),
                    sentiment = table.Column<double>(type: "double precision", nullable: true),
                    novelty = table.Column<double>(type: "double precision", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "news_lexicons",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revision = table.Column<long>(type: "bigint", nullable: false),
                    word_count = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_lexicons", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "news_revisions",
                columns: table => new
                {
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_revisions", x => x.symbol);
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

            migrationBuilder.CreateTable(
                name: "job_counters",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    computed = table.Column<int>(type: "integer", nullable: false),
                    cached = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    cancelled = table.Column<int>(type: "integer", nullable: false),
                    remaining = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_counters", x => x.job_id);
                    table.ForeignKey(
                        name: "FK_job_counters_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "job_items",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    chunk = table.Column<int>(type: "integer", nullable: false),
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    feature_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: true),
                    version_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    cached = table.Column<bool>(type: "boolean", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_items", x => new { x.job_id, x.seq });
                    table.ForeignKey(
                        name: "FK_job_items_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "news_item_symbols",
                columns: table => new
                {
                    symbol = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    item_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    published_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_item_symbols", x => new { x.symbol, x.item_id });
                    table.ForeignKey(
                        name: "FK_news_item_symbols_news_items_item_id",
                        column: x => x.item_id,
                        principalTable: "news_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "news_lexicon_words",
                columns: table => new
                {
                    lexicon = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    word = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    polarity = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_news_lexicon_words", x => new { x.lexicon, x.word });
                    table.ForeignKey(
                        name: "FK_news_lexicon_words_news_lexicons_lexicon",
                        column: x => x.lexicon,
                        principalTable: "news_lexicons",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_feature_sets_name",
                table: "feature_sets",
                column: "name",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_job_items_job_id_chunk",
                table: "job_items",
                columns: new[] { "job_id", "chunk" });

            migrationBuilder.CreateIndex(
                name: "IX_job_items_job_id_status",
                table: "job_items",
                columns: new[] { "job_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_created_at",
                table: "jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_news_item_symbols_item_id",
                table: "news_item_symbols",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "IX_news_item_symbols_symbol_published_at",
                table: "news_item_symbols",
                columns: new[] { "symbol", "published_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "feature_sets");

            migrationBuilder.DropTable(
                name: "fundamental_facts");

            migrationBuilder.DropTable(
                name: "fundamental_tickers");

            migrationBuilder.DropTable(
                name: "job_counters");

            migrationBuilder.DropTable(
                name: "job_items");

            migrationBuilder.DropTable(
                name: "news_item_symbols");

            migrationBuilder.DropTable(
                name: "news_lexicon_words");

            migrationBuilder.DropTable(
                name: "news_revisions");

            migrationBuilder.DropTable(
                name: "fundamental_filings");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "news_items");

            migrationBuilder.DropTable(
                name: "news_lexicons");
        }
    }
}
