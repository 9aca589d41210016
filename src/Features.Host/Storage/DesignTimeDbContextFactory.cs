using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Features.Host.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running server.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FeaturesDbContext>
{
    public FeaturesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FeaturesDbContext>().UseNpgsql("Host=localhost;Database=features_design").Options);
}
