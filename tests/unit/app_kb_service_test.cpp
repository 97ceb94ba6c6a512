// The server's knowledge-base search over a real store: built from the store at start,
// kept current by committed changes (read-your-writes), tenant-separated, synonyms from the
// store, and the voice channel's answer to an answer node.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/kb_service.hpp"
#include "app/voice_store_adapters.hpp"
#include "app_test_support.hpp"

namespace callwerk::app {
namespace {

using store::Id;
using store::Json;

class KbServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = test::store_options(dir_.path());
    auto writer = store::open_writer(options_);
    ASSERT_TRUE(writer.ok()) << writer.error().describe();
    writer_ = std::move(*writer);
    stadtwerke_ = create_tenant("stadtwerke");
    wein_ = create_tenant("wein");
    meter_ = create(stadtwerke_, "kb",
                    {{"slug", "zaehlerstand"},
                     {"title", "Zählerstand melden"},
                     {"category", "Abrechnung"},
                     {"tags", "Zähler, Ablesung"},
                     {"body",
                      "Den Zählerstand melden Sie online oder am Telefon. Halten Sie "
                      "Ihre Zählernummer bereit."}});
    outage_ = create(stadtwerke_, "kb",
                     {{"slug", "stromausfall"},
                      {"title", "Stromausfall melden"},
                      {"category", "Störung"},
                      {"body", "Bei einem Stromausfall rufen Sie die Störungsnummer an."}});
    draft_ = create(stadtwerke_, "kb",
                    {{"slug", "entwurf"},
                     {"title", "Fernwärme Entwurf"},
                     {"body", "Fernwärme gibt es bald."},
                     {"published", false}});
    // The other tenant has an article with the same words: it must never leak across.
    wine_meter_ = create(wein_, "kb",
                         {{"slug", "zaehlerstand-wein"},
                          {"title", "Zählerstand im Weinkeller"},
                          {"body", "Der Zählerstand unseres Weinkellers ist kein Thema für Sie."}});
    create(wein_, "kb",
           {{"slug", "versand"},
            {"title", "Versandkosten"},
            {"body", "Ab sechs Flaschen liefern wir versandkostenfrei."}});
  }

  void TearDown() override {
    writer_->set_event_sink({});
    writer_->stop();
  }

  Id create_tenant(const std::string& slug) {
    auto id = writer_->run([&](store::WriteContext& w) -> Result<Json> {
      auto created = w.create_tenant(slug, slug, "Europe/Berlin", "de");
      if (!created) return created.error();
      return Json(*created);
    });
    EXPECT_TRUE(id.ok()) << id.error().describe();
    return id ? id->get<Id>() : 0;
  }

  Result<Json> write(const std::function<Result<Json>(store::WriteContext&)>& work) {
    return writer_->run(work);
  }

  Id create(Id tenant, const char* entity, const Json& input) {
    auto created = write([&](store::WriteContext& w) {
      return w.create(*store::find_entity(entity), tenant, input, actor_);
    });
    EXPECT_TRUE(created.ok()) << created.error().describe();
    return created ? created->at("id").get<Id>() : 0;
  }

  Result<Json> update(Id tenant, const char* entity, Id id, const Json& patch) {
    return write([&](store::WriteContext& w) {
      return w.update(*store::find_entity(entity), tenant, id, patch, actor_);
    });
  }

  Result<Json> remove(Id tenant, const char* entity, Id id) {
    return write([&](store::WriteContext& w) -> Result<Json> {
      if (Status s = w.remove(*store::find_entity(entity), tenant, id, actor_); !s)
        return s.error();
      return Json();
    });
  }

  // Builds the service from the store and wires it to the writer, as Server::start does.
  void start_service() {
    auto reader = store::open_reader(options_);
    ASSERT_TRUE(reader.ok());
    auto service = KbService::load(**reader);
    ASSERT_TRUE(service.ok()) << service.error().describe();
    service_ = std::move(*service);
    writer_->set_event_sink(
        [service = service_.get()](const store::StoredEvent& event) { service->apply(event); });
  }

  std::vector<Id> ids(Id tenant, const std::string& query, std::size_t limit = 5) {
    auto hits = service_->search(tenant, query, limit);
    EXPECT_TRUE(hits.ok()) << hits.error().describe();
    std::vector<Id> out;
    if (hits)
      for (const auto& hit : *hits) out.push_back(hit.id);
    return out;
  }

  test::TempDir dir_;
  store::StoreOptions options_;
  std::unique_ptr<store::StoreWriter> writer_;
  std::unique_ptr<KbService> service_;
  store::Actor actor_{std::nullopt, "test"};
  Id stadtwerke_ = 0, wein_ = 0;
  Id meter_ = 0, outage_ = 0, draft_ = 0, wine_meter_ = 0;
};

TEST_F(KbServiceTest, BuildsEveryTenantsIndexFromTheStore) {
  start_service();
  auto hits = service_->search(stadtwerke_, "Wie gebe ich meinen Zählerstand durch?", 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  const http::KbSearchHit& best = hits->front();
  EXPECT_EQ(best.id, meter_);
  EXPECT_EQ(best.slug, "zaehlerstand");
  EXPECT_EQ(best.title, "Zählerstand melden");
  EXPECT_EQ(best.category, "Abrechnung");
  EXPECT_GT(best.score, 0);
  EXPECT_GT(best.percent, 0);
  EXPECT_LE(best.percent, 100);
  EXPECT_EQ(best.summary.rfind("Den Zählerstand melden Sie online", 0), 0u) << best.summary;
  EXPECT_EQ(ids(stadtwerke_, "Strom ist ausgefallen, Stromausfall").front(), outage_);
  EXPECT_EQ(ids(wein_, "versandkostenfrei").size(), 1u);
  // Drafts are not searchable.
  EXPECT_TRUE(ids(stadtwerke_, "Fernwärme").empty());
}

TEST_F(KbServiceTest, TenantsNeverSeeEachOthersArticles) {
  start_service();
  for (Id id : ids(stadtwerke_, "Zählerstand Weinkeller", 20)) EXPECT_NE(id, wine_meter_);
  for (Id id : ids(wein_, "Zählerstand melden Zählernummer", 20)) EXPECT_NE(id, meter_);
  EXPECT_TRUE(ids(wein_, "Stromausfall Störungsnummer").empty());
  EXPECT_TRUE(ids(stadtwerke_, "versandkostenfrei Flaschen").empty());
  EXPECT_TRUE(ids(999, "Zählerstand").empty());  // no such tenant: nothing, no error
}

TEST_F(KbServiceTest, CommittedChangesAreSearchableWhenTheWriterReportsDone) {
  start_service();
  ASSERT_TRUE(ids(stadtwerke_, "Photovoltaik Einspeisung").empty());

  // Updated: found by its new words at once, no longer by the words it lost.
  auto updated = update(stadtwerke_, "kb", outage_,
                        {{"title", "Einspeisevergütung für Photovoltaik"},
                         {"category", "Erzeugung"},
                         {"body", "Für Strom aus Ihrer Photovoltaik zahlen wir eine Vergütung."}});
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  EXPECT_EQ(ids(stadtwerke_, "Photovoltaik Einspeisung"), std::vector<Id>{outage_});
  EXPECT_TRUE(ids(stadtwerke_, "Störungsnummer").empty());
  EXPECT_EQ(service_->search(stadtwerke_, "Photovoltaik", 1)->front().category, "Erzeugung");
  // A patch of one field keeps the others searchable.
  ASSERT_TRUE(update(stadtwerke_, "kb", outage_, {{"category", "Einspeisung"}}).ok());
  EXPECT_EQ(service_->search(stadtwerke_, "Photovoltaik", 1)->front().category, "Einspeisung");

  // Created.
  const Id moved = create(stadtwerke_, "kb",
                          {{"slug", "umzug"},
                           {"title", "Umzug melden"},
                           {"body", "Melden Sie Ihren Umzug zwei Wochen vorher."}});
  EXPECT_EQ(ids(stadtwerke_, "Ich ziehe um, Umzug"), std::vector<Id>{moved});

  // Published later.
  ASSERT_TRUE(update(stadtwerke_, "kb", draft_, {{"published", true}}).ok());
  EXPECT_EQ(ids(stadtwerke_, "Fernwärme"), std::vector<Id>{draft_});
  // Unpublished again, and deleted.
  ASSERT_TRUE(update(stadtwerke_, "kb", draft_, {{"published", false}}).ok());
  EXPECT_TRUE(ids(stadtwerke_, "Fernwärme").empty());
  ASSERT_TRUE(remove(stadtwerke_, "kb", moved).ok());
  EXPECT_TRUE(ids(stadtwerke_, "Umzug").empty());

  // A tenant created while the server runs gets its index with its first article.
  const Id club = create_tenant("verein");
  const Id dues = create(club, "kb",
                         {{"slug", "beitrag"},
                          {"title", "Mitgliedsbeitrag"},
                          {"body", "Der Mitgliedsbeitrag wird im Januar abgebucht."}});
  EXPECT_EQ(ids(club, "Mitgliedsbeitrag"), std::vector<Id>{dues});
  EXPECT_TRUE(ids(stadtwerke_, "Mitgliedsbeitrag").empty());
}

TEST_F(KbServiceTest, SynonymGroupsFromTheStoreWidenQueries) {
  // One group stored before the start, one while running.
  const Id group = create(stadtwerke_, "kb_synonyms", {{"words", {"Zähler", "Messgerät"}}});
  start_service();
  EXPECT_EQ(ids(stadtwerke_, "Messgerät").front(), meter_);
  EXPECT_TRUE(ids(stadtwerke_, "Blackout").empty());
  create(stadtwerke_, "kb_synonyms", {{"words", {"Stromausfall", "Blackout"}}});
  EXPECT_EQ(ids(stadtwerke_, "Blackout").front(), outage_);
  // Per tenant: the other tenant's groups do not apply.
  EXPECT_TRUE(ids(wein_, "Messgerät").empty());

  // A group with a stopword is left out; the tenant's other groups keep working.
  create(stadtwerke_, "kb_synonyms", {{"words", {"nicht", "kaputt"}}});
  EXPECT_EQ(ids(stadtwerke_, "Blackout").front(), outage_);
  EXPECT_EQ(ids(stadtwerke_, "Messgerät").front(), meter_);

  // Changed and deleted groups stop widening.
  ASSERT_TRUE(update(stadtwerke_, "kb_synonyms", group, {{"words", {"Zähler", "Zählwerk"}}}).ok());
  EXPECT_TRUE(ids(stadtwerke_, "Messgerät").empty());
  EXPECT_EQ(ids(stadtwerke_, "Zählwerk").front(), meter_);
  ASSERT_TRUE(remove(stadtwerke_, "kb_synonyms", group).ok());
  EXPECT_TRUE(ids(stadtwerke_, "Zählwerk").empty());
}

TEST_F(KbServiceTest, SearchesFromSeveralThreadsWhileArticlesChange) {
  start_service();
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> searchers;
  for (int i = 0; i < 3; ++i) {
    searchers.emplace_back([&] {
      while (!stop) {
        auto hits = service_->search(stadtwerke_, "Zählerstand melden", 5);
        if (!hits || hits->empty() || hits->front().id != meter_) ++wrong;
      }
    });
  }
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(update(stadtwerke_, "kb", outage_,
                       {{"body", "Bei Stromausfall Version " + std::to_string(i) + " anrufen."}})
                    .ok());
  stop = true;
  for (auto& t : searchers) t.join();
  EXPECT_EQ(wrong, 0);
}

TEST_F(KbServiceTest, TheVoiceChannelGetsTheBestArticle) {
  start_service();
  auto reader = store::open_reader(options_);
  ASSERT_TRUE(reader.ok());
  StoreVoiceDirectory directory(std::move(*reader), service_.get());
  const flow::KbSearchResult found = directory.search_kb(stadtwerke_, "Zählerstand durchgeben");
  EXPECT_TRUE(found.found);
  EXPECT_EQ(found.article_id, std::to_string(meter_));
  EXPECT_EQ(found.title, "Zählerstand melden");
  EXPECT_EQ(found.summary.rfind("Den Zählerstand", 0), 0u) << found.summary;
  EXPECT_GT(found.score, 0);
  EXPECT_FALSE(directory.search_kb(wein_, "Stromausfall").found);
  EXPECT_FALSE(directory.search_kb(stadtwerke_, "").found);

  auto other_reader = store::open_reader(options_);
  ASSERT_TRUE(other_reader.ok());
  StoreVoiceDirectory without_kb(std::move(*other_reader));
  EXPECT_FALSE(without_kb.search_kb(stadtwerke_, "Zählerstand").found);
}

}  // namespace
}  // namespace callwerk::app
