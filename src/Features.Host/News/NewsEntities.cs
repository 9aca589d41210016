using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Features.Host.News;

/// <summary>One news item as ingested; <see cref="Id"/> is the vendor's, so re-ingesting it updates the row.</summary>
public sealed class NewsItemRow
{
    public required string Id { get; set; }
    /// <summary>Unix microseconds UTC.</summary>
    public long PublishedAt { get; set; }
    /// <summary>The symbols, upper case, joined by a space (the order as sent).</summary>
    public required string Symbols { get; set; }
    public required string Headline { get; set; }
    public string? Body { get; set; }
    public string? Source { get; set; }
    public double? Relevance { get; set; }
    public double? Sentiment { get; set; }
    public double? Novelty { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An item under one of its symbols: what a generate reads, by (symbol, published_at).</summary>
public sealed class NewsItemSymbol
{
    public required string Symbol { get; set; }
    public required string ItemId { get; set; }
    public long PublishedAt { get; set; }
}

/// <summary>Bumped whenever an item of the symbol is added, changed or moved away: part of the plan-cache key.</summary>
public sealed class NewsRevision
{
    public required string Symbol { get; set; }
    public long Revision { get; set; }
}

/// <summary>An uploaded word list; <see cref="Revision"/> bumps with every upload that changes it.</summary>
public sealed class NewsLexicon
{
    public required string Name { get; set; }
    public long Revision { get; set; }
    public int WordCount { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One word of a lexicon.</summary>
public sealed class NewsLexiconWord
{
    public required string Lexicon { get; set; }
    public required string Word { get; set; }
    public double Polarity { get; set; }
}

internal sealed class NewsItemRowConfiguration : IEntityTypeConfiguration<NewsItemRow>
{
    public void Configure(EntityTypeBuilder<NewsItemRow> b)
    {
        b.ToTable("news_items");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(NewsLimits.MaxIdLength);
        b.Property(x => x.PublishedAt).HasColumnName("published_at");
        b.Property(x => x.Symbols).HasColumnName("symbols");
        b.Property(x => x.Headline).HasColumnName("headline");
        b.Property(x => x.Body).HasColumnName("body");
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(NewsLimits.MaxSourceLength);
        b.Property(x => x.Relevance).HasColumnName("relevance");
        b.Property(x => x.Sentiment).HasColumnName("sentiment");
        b.Property(x => x.Novelty).HasColumnName("novelty");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
    }
}

internal sealed class NewsItemSymbolConfiguration : IEntityTypeConfiguration<NewsItemSymbol>
{
    public void Configure(EntityTypeBuilder<NewsItemSymbol> b)
    {
        b.ToTable("news_item_symbols");
        b.HasKey(x => new { x.Symbol, x.ItemId });
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.ItemId).HasColumnName("item_id").HasMaxLength(NewsLimits.MaxIdLength);
        b.Property(x => x.PublishedAt).HasColumnName("published_at");
        b.HasIndex(x => new { x.Symbol, x.PublishedAt });
        b.HasIndex(x => x.ItemId);
        b.HasOne<NewsItemRow>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NewsRevisionConfiguration : IEntityTypeConfiguration<NewsRevision>
{
    public void Configure(EntityTypeBuilder<NewsRevision> b)
    {
        b.ToTable("news_revisions");
        b.HasKey(x => x.Symbol);
        b.Property(x => x.Symbol).HasColumnName("symbol").HasMaxLength(64);
        b.Property(x => x.Revision).HasColumnName("revision");
    }
}

internal sealed class NewsLexiconConfiguration : IEntityTypeConfiguration<NewsLexicon>
{
    public void Configure(EntityTypeBuilder<NewsLexicon> b)
    {
        b.ToTable("news_lexicons");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(64);
        b.Property(x => x.Revision).HasColumnName("revision");
        b.Property(x => x.WordCount).HasColumnName("word_count");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
    }
}

internal sealed class NewsLexiconWordConfiguration : IEntityTypeConfiguration<NewsLexiconWord>
{
    public void Configure(EntityTypeBuilder<NewsLexiconWord> b)
    {
        b.ToTable("news_lexicon_words");
        b.HasKey(x => new { x.Lexicon, x.Word });
        b.Property(x => x.Lexicon).HasColumnName("lexicon").HasMaxLength(64);
        b.Property(x => x.Word).HasColumnName("word").HasMaxLength(NewsLimits.MaxWordLength);
        b.Property(x => x.Polarity).HasColumnName("polarity");
        b.HasOne<NewsLexicon>().WithMany().HasForeignKey(x => x.Lexicon).OnDelete(DeleteBehavior.Cascade);
    }
}
