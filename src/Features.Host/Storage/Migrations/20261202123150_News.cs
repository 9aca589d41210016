using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class News : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "news_item_symbols");

            migrationBuilder.DropTable(
                name: "news_lexicon_words");

            migrationBuilder.DropTable(
                name: "news_revisions");

            migrationBuilder.DropTable(
                name: "news_items");

            migrationBuilder.DropTable(
                name: "news_lexicons");
        }
    }
}
