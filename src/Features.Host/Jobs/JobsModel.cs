using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Features.Host.Jobs;

internal sealed class FeatureSetConfiguration : IEntityTypeConfiguration<FeatureSet>
{
    public void Configure(EntityTypeBuilder<FeatureSet> b)
    {
        b.ToTable("feature_sets");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.Description).HasColumnName("description");
        b.Property(x => x.FeatureIdsJson).HasColumnName("feature_ids");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.Ignore(x => x.FeatureIds);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class JobRecordConfiguration : IEntityTypeConfiguration<JobRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> b)
    {
        b.ToTable("jobs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(32);
        b.Property(x => x.RequestJson).HasColumnName("request");
        b.Property(x => x.TotalItems).HasColumnName("total_items");
        b.Property(x => x.ChunkCount).HasColumnName("chunk_count");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.StartedAt).HasColumnName("started_at");
        b.Property(x => x.FinishedAt).HasColumnName("finished_at");
        b.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class JobCounterConfiguration : IEntityTypeConfiguration<JobCounter>
{
    public void Configure(EntityTypeBuilder<JobCounter> b)
    {
        b.ToTable("job_counters");
        b.HasKey(x => x.JobId);
        b.Property(x => x.JobId).HasColumnName("job_id");
        b.Property(x => x.Computed).HasColumnName("computed");
        b.Property(x => x.Cached).HasColumnName("cached");
        b.Property(x => x.Failed).HasColumnName("failed");
        b.Property(x => x.Cancelled).HasColumnName("cancelled");
        b.Property(x => x.Remaining).HasColumnName("remaining");
        b.HasOne<JobRecord>().WithOne().HasForeignKey<JobCounter>(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobItemConfiguration : IEntityTypeConfiguration<JobItem>
{
    public void Configure(EntityTypeBuilder<JobItem> b)
    {
        b.ToTable("job_items");
        b.HasKey(x => new { x.JobId, x.Seq });
        b.Property(x => x.JobId).HasColumnName("job_id");
        b.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
        b.Property(x => x.Chunk).HasColumnName("chunk");
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.FeatureId).HasColumnName("feature_id");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.DatasetId).HasColumnName("dataset_id");
        b.Property(x => x.VersionHash).HasColumnName("version_hash").HasMaxLength(64);
        b.Property(x => x.Cached).HasColumnName("cached");
        b.Property(x => x.ErrorJson).HasColumnName("error");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        // A chunk's queries name job, chunk and status: with only (job, chunk) SQLite's planner, which has no statistics,
        // took (job, status) for them and visited every pending item of the job per chunk (quadratic in the job's size).
        b.HasIndex(x => new { x.JobId, x.Chunk, x.Status });
        b.HasIndex(x => new { x.JobId, x.Status });
        b.HasOne<JobRecord>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
