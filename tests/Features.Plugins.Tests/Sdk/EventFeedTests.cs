using Features.Host.Events;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>Events reach a kernel with the first bar at whose close (minus the latency) they are known, never earlier.</summary>
public sealed class EventFeedTests
{
    private static readonly SessionCalendar NewYork = new(new EventOptions());
    private static readonly Func<long, long> DailyClose = NewYork.BarClose("1d");

    private static long Micros(int year, int month, int day, int hour = 0, int minute = 0) =>
        (new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static NewsItem Item(string id, long publishedAt) => new() { Id = id, PublishedAt = publishedAt, Symbols = ["DEMO"], Headline = id };

    private static EventFeed<NewsItem> Feed(TimeSpan latency, params NewsItem[] items) =>
        (EventFeed<NewsItem>)EventFeed.Create(new EventSeriesRequest("news", EventKinds.News, null, latency), "DEMO", items, DailyClose, previousBar: null);

    [Fact]
    public void A_daily_bar_closes_at_the_New_York_session_close_across_daylight_saving_time()
    {
        DailyClose(Micros(2024, 1, 5)).ShouldBe(Micros(2024, 1, 5, 21)); // EST: 16:00 = 21:00 UTC
        DailyClose(Micros(2024, 7, 5)).ShouldBe(Micros(2024, 7, 5, 20)); // EDT: 16:00 = 20:00 UTC
        NewYork.BarClose("1h")(Micros(2024, 7, 5, 14)).ShouldBe(Micros(2024, 7, 5, 15));
    }

    [Fact]
    public void An_item_exactly_at_the_close_belongs_to_the_next_bar_and_one_just_before_to_this_bar()
    {
        var friday = Micros(2024, 1, 5);
        var monday = Micros(2024, 1, 8);
        var feed = Feed(TimeSpan.Zero, Item("before", Micros(2024, 1, 5, 21) - 1), Item("at", Micros(2024, 1, 5, 21)));
        feed.Release(monday);
        feed.Take(friday).ToArray().Select(i => i.Id).ShouldBe(["before"]);
        feed.Take(monday).ToArray().Select(i => i.Id).ShouldBe(["at"]);
    }

    [Fact]
    public void Items_published_at_the_weekend_roll_forward_to_monday()
    {
        var feed = Feed(TimeSpan.Zero, Item("saturday", Micros(2024, 1, 6, 12)), Item("sunday", Micros(2024, 1, 7, 23)));
        feed.Release(Micros(2024, 1, 8));
        feed.Take(Micros(2024, 1, 5)).Length.ShouldBe(0);
        feed.Take(Micros(2024, 1, 8)).ToArray().Select(i => i.Id).ShouldBe(["saturday", "sunday"]);
    }

    [Fact]
    public void A_latency_moves_the_cutoff_earlier_by_that_much()
    {
        var feed = Feed(TimeSpan.FromMinutes(15), Item("late", Micros(2024, 1, 5, 20, 50)), Item("early", Micros(2024, 1, 5, 20, 44)));
        feed.Release(Micros(2024, 1, 8));
        feed.Take(Micros(2024, 1, 5)).ToArray().Select(i => i.Id).ShouldBe(["early"]);
        feed.Take(Micros(2024, 1, 8)).ToArray().Select(i => i.Id).ShouldBe(["late"]);
    }

    [Fact]
    public void A_bar_not_yet_fed_cannot_be_read()
    {
        var feed = Feed(TimeSpan.Zero, Item("a", Micros(2024, 1, 5, 12)));
        feed.Release(Micros(2024, 1, 4));
        Should.Throw<InvalidOperationException>(() => feed.Take(Micros(2024, 1, 5))).Message.ShouldContain("has not been fed");
    }

    [Fact]
    public void Since_the_previous_bar_drops_what_that_bar_already_received()
    {
        var items = new[] { Item("old", Micros(2024, 1, 4, 15)), Item("new", Micros(2024, 1, 4, 22)) };
        var feed = (EventFeed<NewsItem>)EventFeed.Create(new EventSeriesRequest("news", EventKinds.News), "DEMO", items, DailyClose, previousBar: Micros(2024, 1, 4));
        feed.Release(Micros(2024, 1, 5));
        feed.Take(Micros(2024, 1, 5)).ToArray().Select(i => i.Id).ShouldBe(["new"]);
        var all = (EventFeed<NewsItem>)EventFeed.Create(new EventSeriesRequest("news", EventKinds.News, History: EventHistory.All), "DEMO", items, DailyClose, Micros(2024, 1, 4));
        all.Release(Micros(2024, 1, 5));
        all.Take(Micros(2024, 1, 5)).Length.ShouldBe(2);
    }
}
