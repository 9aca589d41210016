using System.Globalization;
using System.Text;

namespace Features.Host.Fundamentals;

/// <summary>
/// A small deterministic set of quarterly facts for the sample symbol <c>DEMO</c> (2018-2024, as vendor rows), so a new
/// user sees <c>fundamental.ratio</c> and its siblings at once: diluted EPS, revenue, operating income and D&amp;A per
/// quarter, equity, cash, long-term debt and shares outstanding at each quarter end, each known 35 days after the
/// quarter (60 after the fiscal year) at 21:00 UTC.
/// </summary>
public static class SampleFundamentals
{
    public const string Symbol = "DEMO";

    public static FactUpload Demo()
    {
        var csv = new StringBuilder("symbol,tag,period_end,qtrs,value,available_at\n");
        var quarter = 0;
        for (var end = new DateTime(2018, 3, 31); end < new DateTime(2025, 1, 1); end = new DateTime(end.AddMonths(4).Year, end.AddMonths(4).Month, 1).AddDays(-1), quarter++)
        {
            var growth = Math.Pow(1.015, quarter);
            var available = end.AddDays(end.Month == 12 ? 60 : 35).AddHours(21);
            void Row(string tag, int qtrs, double value) =>
                csv.Append(CultureInfo.InvariantCulture, $"{Symbol},{tag},{end:yyyy-MM-dd},{qtrs},{Math.Round(value, 4)},{available:yyyy-MM-ddTHH:mm:ssZ}\n");
            Row("EarningsPerShareDiluted", 1, 1.20 * growth * (quarter % 4 == 3 ? 1.1 : 1.0));
            Row("Revenues", 1, 10e9 * growth);
            Row("OperatingIncomeLoss", 1, 2.0e9 * growth);
            Row("DepreciationDepletionAndAmortization", 1, 0.4e9 * growth);
            Row("StockholdersEquity", 0, 40e9 * Math.Pow(1.01, quarter));
            Row("CashAndCashEquivalentsAtCarryingValue", 0, 8e9);
            Row("LongTermDebt", 0, 15e9);
            Row("EntityCommonStockSharesOutstanding", 0, 1e9 - 5e6 * quarter);
        }
        var upload = new FactUpload();
        VendorFactsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), upload, "sample");
        return upload;
    }
}
