// The order node: product from the catalog, quantity, address, price read-back, confirmation,
// CreateOrder and its result.
#include <gtest/gtest.h>

#include "flow/flow_catalog.hpp"
#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kOrder = R"(nodes:
  bestellen:
    type: order
    category: Weißwein
    next: danke
    cancelled: menue
    max_retries: 1
  danke: {type: say, text: "Bis bald."}
  menue: {type: say, text: "Zurück im Menü."}
  mensch: {type: transfer, queue: service}
fallback: mensch
)";

CatalogProduct product(std::string sku, std::string name, std::int64_t cents,
                       std::string category = "Weißwein", std::string unit = "Flasche 0,75 l") {
  CatalogProduct p;
  p.sku = std::move(sku);
  p.name = std::move(name);
  p.category = std::move(category);
  p.unit = std::move(unit);
  p.price_cents = cents;
  return p;
}

std::shared_ptr<const ProductCatalog> wine_catalog(int extra_whites = 0) {
  auto catalog = std::make_shared<ProductCatalog>();
  catalog->push_back(product("RG-GUTS", "Riesling trocken Gutswein", 890));
  catalog->push_back(product("RG-KAB", "Riesling Kabinett", 1290));
  catalog->push_back(product("RG-SPAET", "Riesling Spätlese", 1980));
  catalog->push_back(product("RG-ROT", "Spätburgunder", 1490, "Rotwein"));
  CatalogProduct old = product("RG-ALT", "Riesling Alt", 500);
  old.active = false;
  catalog->push_back(old);
  for (int i = 0; i < extra_whites; ++i)
    catalog->push_back(
        product("W" + std::to_string(i), "Weißwein Nummer " + std::to_string(i), 1000 + i));
  return catalog;
}

Conversation order_conversation(std::shared_ptr<const ProductCatalog> catalog,
                                const char* flow = kOrder) {
  FlowLibrary library = testing::library_of({flow});
  library.set_catalog(std::move(catalog));
  return Conversation(std::move(library));
}

const FlowVariables kContact = {{"kontakt.name", std::string("Eva Muster")},
                                {"kontakt.strasse", std::string("Rheinweg 5")},
                                {"kontakt.plz", std::string("65343")},
                                {"kontakt.ort", std::string("Eltville")}};

TEST(FlowInterpreterOrder, PhoneOrderWithTheContactsAddress) {
  Conversation c = order_conversation(wine_catalog());
  c.start(Channel::voice, "+496123", kContact);
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Welches Produkt möchten Sie bestellen? Für Riesling trocken Gutswein "
                          "drücken Sie die 1, für Riesling Kabinett die 2, für Riesling Spätlese "
                          "die 3."});
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);  // no article number is typeable
  c.input("4");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("2");
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Wie viele Flaschen möchten Sie? Bitte geben Sie die Anzahl ein und "
                          "schließen Sie mit der Rautetaste ab."});
  c.input("0");
  EXPECT_EQ(c.said().front(), "Die Zahl muss zwischen 1 und 99 liegen.");
  c.input("2");
  EXPECT_EQ(c.said(),
            std::vector<std::string>{
                "2 Flaschen Riesling Kabinett zu je 12,90 Euro, zusammen 25,80 Euro. Wir liefern "
                "an Rheinweg 5, 65343 Eltville. Soll ich die Bestellung so aufgeben? Dann "
                "drücken Sie bitte die 1, sonst die 2."});
  c.input("1");
  const CreateOrder order = c.only<CreateOrder>();
  EXPECT_EQ(order.order.at("sku"), FlowValue(std::string("RG-KAB")));
  EXPECT_EQ(order.order.at("quantity"), FlowValue(std::int64_t{2}));
  EXPECT_EQ(order.order.at("unit_price_cents"), FlowValue(std::int64_t{1290}));
  EXPECT_EQ(order.order.at("total_cents"), FlowValue(std::int64_t{2580}));
  EXPECT_EQ(order.order.at("postcode"), FlowValue(std::string("65343")));
  EXPECT_EQ(order.contact.at("name"), FlowValue(std::string("Eva Muster")));

  c.send(OrderResult{order.request + 1, true, "B-1", {}});  // stale
  EXPECT_TRUE(c.last().empty());
  c.send(OrderResult{order.request, true, "B-2026-0042", {}});
  EXPECT_EQ(c.said(), (std::vector<std::string>{
                          "Vielen Dank, Ihre Bestellung ist aufgenommen. Ihre Bestellnummer "
                          "lautet B-2026-0042.",
                          "Bis bald."}));
  EXPECT_EQ(c.state.variables.at("bestellung.nummer"), FlowValue(std::string("B-2026-0042")));
  EXPECT_NE(c.transcript().find("Bestellung angelegt: B-2026-0042"), std::string::npos);
}

TEST(FlowInterpreterOrder, PhoneAsksThePostcodeAndPagesLongLists) {
  Conversation c = order_conversation(wine_catalog(8));  // 11 white wines: pages of eight
  c.start();
  EXPECT_NE(c.said().front().find("Für weitere Produkte drücken Sie die 9."), std::string::npos);
  c.input("9");
  EXPECT_NE(c.said().front().find("Für Weißwein Nummer 5 drücken Sie die 1"), std::string::npos);
  c.input("9");  // past the end: back to the first page
  EXPECT_NE(c.said().front().find("Für Riesling trocken Gutswein drücken Sie die 1"),
            std::string::npos);
  c.input("1");
  c.input("3");
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Bitte geben Sie die fünfstellige Postleitzahl der Lieferanschrift "
                          "ein."});
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 5);
  c.input("1234");
  EXPECT_EQ(c.said().front(), "Die Postleitzahl hat fünf Ziffern.");
  c.input("65343");
  EXPECT_NE(c.said().front().find("3 Flaschen Riesling trocken Gutswein zu je 8,90 Euro, "
                                  "zusammen 26,70 Euro. Wir liefern an die Postleitzahl "
                                  "6 5 3 4 3."),
            std::string::npos);
  c.input("2");
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{"In Ordnung, ich habe die Bestellung nicht aufgegeben.",
                                      "Zurück im Menü."}));
  EXPECT_TRUE(c.last_of<CreateOrder>().empty());
}

TEST(FlowInterpreterOrder, ChatTakesNameQuantityAndAddressInWords) {
  Conversation c = order_conversation(wine_catalog());
  c.start(Channel::chat);
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 3u);
  EXPECT_NE(c.said().front().find("\n2. Riesling Kabinett – 12,90 Euro"), std::string::npos);
  c.input("Haben Sie Grauburgunder?");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("Riesling bitte");  // three fit: only those are listed
  EXPECT_NE(c.said().front().find("mehrere Produkte"), std::string::npos);
  EXPECT_FALSE(c.recorded("flow.no_match"));
  c.input("Ich hätte gern 2 Flaschen Riesling Kabinett");
  EXPECT_EQ(c.said(),
            std::vector<std::string>{"An welche Straße und Hausnummer dürfen wir liefern?"});
  c.input("Rheinweg");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("Rheinweg 5");
  EXPECT_EQ(c.said(), std::vector<std::string>{"Und wie lauten Postleitzahl und Ort?"});
  c.input("65343 Eltville am Rhein");
  EXPECT_EQ(c.said(),
            std::vector<std::string>{
                "2 Flaschen Riesling Kabinett zu je 12,90 Euro, zusammen 25,80 Euro. Wir liefern "
                "an Rheinweg 5, 65343 Eltville am Rhein. Soll ich die Bestellung so aufgeben?"});
  c.input("ja");
  const CreateOrder order = c.only<CreateOrder>();
  EXPECT_EQ(order.order.at("city"), FlowValue(std::string("Eltville am Rhein")));
  EXPECT_EQ(order.order.at("street"), FlowValue(std::string("Rheinweg 5")));
}

TEST(FlowInterpreterOrder, ChatPicksByButtonValueAndQuantityOneIsNotAsked) {
  auto catalog = std::make_shared<ProductCatalog>();
  CatalogProduct tariff = product("SW-OEKO", "Strom Öko Regional", 1390, "Strom", "Monat");
  tariff.max_quantity = 1;
  catalog->push_back(tariff);
  Conversation c = order_conversation(catalog, R"(nodes:
  tarif: {type: order, category: strom, ask_address: false, next: ende, cancelled: ende}
  ende: {type: hangup}
)");
  c.start(Channel::chat);
  c.input("sw-oeko");
  EXPECT_EQ(c.said(),
            std::vector<std::string>{"Strom Öko Regional zu 13,90 Euro. Soll ich die Bestellung so "
                                     "aufgeben?"});
  c.input("nein");
  EXPECT_EQ(c.state.end_reason, "flow_end");
}

TEST(FlowInterpreterOrder, FailureGoesToTheFallback) {
  Conversation c = order_conversation(wine_catalog());
  c.start(Channel::voice, {}, kContact);
  c.input("1");
  c.input("1");
  c.input("1");
  c.send(OrderResult{c.state.request, false, {}, "store down"});
  EXPECT_EQ(c.said().front(), "Entschuldigung, Ihre Bestellung konnte ich gerade nicht aufnehmen.");
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_NE(c.transcript().find("Bestellung fehlgeschlagen: store down"), std::string::npos);
}

TEST(FlowInterpreterOrder, RetriesExhaustedAndSilenceAtTheConfirmation) {
  Conversation c = order_conversation(wine_catalog());
  c.start(Channel::voice, {}, kContact);
  c.input("1");
  c.input("1");
  c.no_input();  // the read-back again
  EXPECT_NE(c.said().back().find("Soll ich die Bestellung so aufgeben?"), std::string::npos);
  c.input("5");  // max_retries 1: the flow's fallback
  EXPECT_EQ(c.only<Transfer>().queue, "service");
}

TEST(FlowInterpreterOrder, DigitArticleNumbersCanBeTypedOnThePhone) {
  auto catalog = std::make_shared<ProductCatalog>();
  catalog->push_back(product("40711", "Riesling Sekt", 1650));
  catalog->push_back(product("40712", "Rosé Sekt", 1790));
  Conversation c = order_conversation(catalog);
  c.start(Channel::voice, {}, kContact);
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 0);
  EXPECT_NE(c.said().front().find("Artikelnummer"), std::string::npos);
  c.input("40712#");
  EXPECT_EQ(c.state.variables.at("bestellung.artikel"), FlowValue(std::string("Rosé Sekt")));
}

TEST(FlowInterpreterOrder, AnotherRunForgetsTheEarlierOrder) {
  Conversation c = order_conversation(wine_catalog(), R"(nodes:
  bestellen: {type: order, category: Weißwein, next: bestellen, cancelled: bestellen}
)");
  c.start(Channel::voice, {}, kContact);
  c.input("1");
  c.input("4");
  c.input("2");  // no: back to the same node
  EXPECT_EQ(c.state.variables.count("bestellung.menge"), 0u);
  EXPECT_EQ(c.state.sub_step, 0);
}

TEST(FlowCatalog, MatchesWordsSkusAndQuantities) {
  auto catalog = wine_catalog();
  const auto offered = offered_products(*catalog, "weisswein");
  ASSERT_EQ(offered.size(), 3u);  // the red and the inactive one are not offered
  EXPECT_EQ(match_products(offered, "eine Spätlese bitte"), std::vector<std::size_t>{2});
  EXPECT_EQ(match_products(offered, "Riesling").size(), 3u);
  EXPECT_TRUE(match_products(offered, "ich möchte bestellen").empty());
  EXPECT_EQ(product_by_sku(offered, "rg-kab"), 1);
  EXPECT_EQ(quantity_in_text("3 Flaschen Kabinett", *offered[1]), 3);
  EXPECT_EQ(quantity_in_text("2 oder 3 Flaschen", *offered[1]), 0);
  EXPECT_EQ(quantity_text(1, *offered[1], "de"), "1 Flasche");
  EXPECT_EQ(quantity_text(6, product("X", "Präsent", 1, "", "Präsent"), "de"), "6 Präsente");
  EXPECT_EQ(quantity_text(2, product("X", "Y", 1, "", "Paar"), "de"), "2 ×");
}

}  // namespace
}  // namespace callwerk::flow
