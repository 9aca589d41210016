using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Features.Host.Storage;

internal sealed class FundamentalFilingConfiguration : IEntityTypeConfiguration<FundamentalFiling>
{
    public void Configure(EntityTypeBuilder<FundamentalFiling> b)
    {
        b.ToTable("fundamental_filings");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Accession).HasColumnName("accession").HasMaxLength(160);
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(16);
        b.Property(x => x.Cik).HasColumnName("cik");
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(256);
        b.Property(x => x.Form).HasColumnName("form").HasMaxLength(32);
        b.Property(x => x.Period).HasColumnName("period");
        b.Property(x => x.FiscalYear).HasColumnName("fiscal_year");
        b.Property(x => x.FiscalPeriod).HasColumnName("fiscal_period").HasMaxLength(8);
        b.Property(x => x.AcceptedAt).HasColumnName("accepted_at");
        b.Property(x => x.KnownAt).HasColumnName("known_at");
        b.Property(x => x.IngestedAt).HasColumnName("ingested_at");
        b.HasIndex(x => x.Accession).IsUnique();
        b.HasIndex(x => x.Cik);
        b.HasIndex(x => x.Symbol);
    }
}

internal sealed class FundamentalFactConfiguration : IEntityTypeConfiguration<FundamentalFact>
{
    public void Configure(EntityTypeBuilder<FundamentalFact> b)
    {
        b.ToTable("fundamental_facts");
        b.HasKey(x => new { x.FilingId, x.Tag, x.PeriodEnd, x.Quarters });
        b.Property(x => x.FilingId).HasColumnName("filing_id");
        b.Property(x => x.Tag).HasColumnName("tag").HasMaxLength(256);
        b.Property(x => x.PeriodEnd).HasColumnName("period_end");
        b.Property(x => x.Quarters).HasColumnName("qtrs");
        b.Property(x => x.Unit).HasColumnName("uom").HasMaxLength(64);
        b.Property(x => x.Value).HasColumnName("value");
        b.HasOne<FundamentalFiling>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FundamentalTickerConfiguration : IEntityTypeConfiguration<FundamentalTicker>
{
    public void Configure(EntityTypeBuilder<FundamentalTicker> b)
    {
        b.ToTable("fundamental_tickers");
        b.HasKey(x => x.Ticker);
        b.Property(x => x.Ticker).HasColumnName("ticker").HasMaxLength(64);
        b.Property(x => x.Cik).HasColumnName("cik");
        b.Property(x => x.Title).HasColumnName("title").HasMaxLength(256);
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.HasIndex(x => x.Cik);
    }
}
