using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Features.Host.Storage.Migrations
{
    /// <inheritdoc />
    public partial class JobItemsChunkStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_job_items_job_id_chunk",
                table: "job_items");

            migrationBuilder.CreateIndex(
                name: "IX_job_items_job_id_chunk_status",
                table: "job_items",
                columns: new[] { "job_id", "chunk", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_job_items_job_id_chunk_status",
                table: "job_items");

            migrationBuilder.CreateIndex(
                name: "IX_job_items_job_id_chunk",
                table: "job_items",
                columns: new[] { "job_id", "chunk" });
        }
    }
}
