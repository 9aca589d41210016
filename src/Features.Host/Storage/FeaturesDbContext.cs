using Features.Host.Jobs;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Features.Host.Storage;

/// <summary>Definitions, datasets and the bar store; the same model on SQLite and PostgreSQL.</summary>
public sealed class FeaturesDbContext(DbContextOptions<FeaturesDbContext> options) : DbContext(options)
{
    public DbSet<FeatureDefinition> Features => Set<FeatureDefinition>();
    public DbSet<FeatureDataset> Datasets => Set<FeatureDataset>();
    public DbSet<BarSeries> Series => Set<BarSeries>();
    public DbSet<BarChunk> BarChunks => Set<BarChunk>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<PlanFact> PlanFacts => Set<PlanFact>();
    public DbSet<FeatureSet> FeatureSets => Set<FeatureSet>();
    public DbSet<JobRecord> Jobs => Set<JobRecord>();
    public DbSet<JobCounter> JobCounters => Set<JobCounter>();
    public DbSet<JobItem> JobItems => Set<JobItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeaturesDbContext).Assembly);

    // Every timestamp is UTC: Npgsql's timestamptz refuses other kinds, and SQLite hands back Unspecified.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

internal sealed class FeatureDefinitionConfiguration : IEntityTypeConfiguration<FeatureDefinition>
{
    public void Configure(EntityTypeBuilder<FeatureDefinition> b)
    {
        b.ToTable("features");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.PluginKey).HasColumnName("plugin_key").HasMaxLength(128);
        b.Property(x => x.Type).HasColumnName("type").HasMaxLength(32);
        b.Property(x => x.ParametersJson).HasColumnName("parameters");
        b.Property(x => x.Description).HasColumnName("description");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        b.Property(x => x.StoragePrefix).HasColumnName("storage_prefix").HasMaxLength(512);
        b.Property(x => x.StorageUri).HasColumnName("storage_uri").HasMaxLength(1024);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class FeatureDatasetConfiguration : IEntityTypeConfiguration<FeatureDataset>
{
    public void Configure(EntityTypeBuilder<FeatureDataset> b)
    {
        b.ToTable("feature_datasets");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.FeatureId).HasColumnName("feature_id");
        b.Property(x => x.VersionHash).HasColumnName("version_hash").HasMaxLength(64);
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.Timeframe).HasColumnName("timeframe").HasMaxLength(8);
        b.Property(x => x.StartDate).HasColumnName("start_date");
        b.Property(x => x.EndDate).HasColumnName("end_date");
        b.Property(x => x.SourceFingerprint).HasColumnName("source_fingerprint").HasMaxLength(64);
        b.Property(x => x.PluginKey).HasColumnName("plugin_key").HasMaxLength(128);
        b.Property(x => x.PluginVersion).HasColumnName("plugin_version").HasMaxLength(128);
        b.Property(x => x.ParametersJson).HasColumnName("parameters");
        b.Property(x => x.ObjectKey).HasColumnName("object_key").HasMaxLength(1024);
        b.Property(x => x.StorageUri).HasColumnName("storage_uri").HasMaxLength(1024);
        b.Property(x => x.RowCount).HasColumnName("row_count");
        b.Property(x => x.SizeBytes).HasColumnName("size_bytes");
        b.Property(x => x.ObjectSha256).HasColumnName("object_sha256").HasMaxLength(64);
        b.Property(x => x.ColumnsJson).HasColumnName("columns");
        b.Property(x => x.PreviewJson).HasColumnName("preview");
        b.Property(x => x.SupersedesId).HasColumnName("supersedes_id");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.HasIndex(x => new { x.FeatureId, x.VersionHash }).IsUnique();
        b.HasIndex(x => new { x.FeatureId, x.Symbol, x.Timeframe, x.CreatedAt });
        b.HasOne<FeatureDefinition>().WithMany().HasForeignKey(x => x.FeatureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BarSeriesConfiguration : IEntityTypeConfiguration<BarSeries>
{
    public void Configure(EntityTypeBuilder<BarSeries> b)
    {
        b.ToTable("bar_series");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.Timeframe).HasColumnName("timeframe").HasMaxLength(8);
        b.Property(x => x.BarCount).HasColumnName("bar_count");
        b.Property(x => x.FirstTimestamp).HasColumnName("first_ts");
        b.Property(x => x.LastTimestamp).HasColumnName("last_ts");
        b.Property(x => x.Revision).HasColumnName("revision");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.HasIndex(x => new { x.Symbol, x.Timeframe }).IsUnique();
    }
}

internal sealed class BarChunkConfiguration : IEntityTypeConfiguration<BarChunk>
{
    public void Configure(EntityTypeBuilder<BarChunk> b)
    {
        b.ToTable("bar_chunks");
        b.HasKey(x => new { x.SeriesId, x.FirstTimestamp });
        b.Property(x => x.SeriesId).HasColumnName("series_id");
        b.Property(x => x.FirstTimestamp).HasColumnName("first_ts");
        b.Property(x => x.LastTimestamp).HasColumnName("last_ts");
        b.Property(x => x.BarCount).HasColumnName("bar_count");
        b.Property(x => x.Data).HasColumnName("data");
        b.HasOne<BarSeries>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanFactConfiguration : IEntityTypeConfiguration<PlanFact>
{
    public void Configure(EntityTypeBuilder<PlanFact> b)
    {
        b.ToTable("plan_facts");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasColumnName("key").HasMaxLength(512);
        b.Property(x => x.SeriesId).HasColumnName("series_id");
        b.Property(x => x.Revision).HasColumnName("revision");
        b.Property(x => x.ReadFrom).HasColumnName("read_from");
        b.Property(x => x.Fingerprint).HasColumnName("fingerprint").HasMaxLength(64);
        b.Property(x => x.BarsRead).HasColumnName("bars_read");
        b.Property(x => x.NotesJson).HasColumnName("notes");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.HasIndex(x => x.SeriesId);
        b.HasOne<BarSeries>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(128);
        b.Property(x => x.Role).HasColumnName("role").HasMaxLength(16);
        b.Property(x => x.KeyHash).HasColumnName("key_hash").HasMaxLength(64);
        b.Property(x => x.Prefix).HasColumnName("prefix").HasMaxLength(16);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}
