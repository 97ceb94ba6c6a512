#include <gtest/gtest.h>

#include "core/yaml_helpers.hpp"

namespace callwerk {
namespace {

Json round_trip(const Json& value) {
  YAML::Emitter out;
  emit_json(out, value);
  return yaml_to_json(YAML::Load(out.c_str()));
}

TEST(YamlHelpers, JsonSurvivesEmitAndLoadWithItsTypes) {
  const Json value = Json::parse(R"({
    "digit": "1", "count": 2, "ratio": 0.5, "yes": true, "nothing": null,
    "phone": "+4961311234567", "word": "no", "empty": "", "date": "2026-11-02",
    "multi": "zwei\nZeilen", "umlaut": "Zählerstand", "list": ["a", 1, false]
  })");
  EXPECT_EQ(round_trip(value).dump(), value.dump());
}

TEST(YamlHelpers, QuotedScalarsStayText) {
  const Json value = yaml_to_json(YAML::Load(R"({a: "1", b: 1, c: 'true', d: true, e: ~})"));
  EXPECT_TRUE(value["a"].is_string());
  EXPECT_TRUE(value["b"].is_number_integer());
  EXPECT_TRUE(value["c"].is_string());
  EXPECT_TRUE(value["d"].is_boolean());
  EXPECT_TRUE(value["e"].is_null());
}

TEST(YamlHelpers, LocationsAreOneBased) {
  auto parsed = parse_yaml("a: 1\nb: [1, 2\n", YamlSource{"f.yaml"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().location.rfind("f.yaml:", 0), 0u);
  const YAML::Node node = YAML::Load("a: 1\nb: x\n");
  EXPECT_EQ(yaml_location(YamlSource{"f.yaml"}, node["b"].Mark()), "f.yaml:2:4");
  EXPECT_EQ(yaml_location(YamlSource{"f.md", 1}, node["b"].Mark()), "f.md:3:4");
}

TEST(YamlHelpers, UnknownAndDuplicateKeys) {
  const YamlSource source{"f.yaml"};
  const YAML::Node node = YAML::Load("name: a\nnmae: b\n");
  auto unknown = check_known_keys(source, node, {"name"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().describe(), "f.yaml:2:1: unknown key 'nmae' (expected one of: name)");
  auto duplicate = check_unique_keys(source, YAML::Load("name: a\nname: b\n"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().describe(), "f.yaml:2:1: duplicate key 'name'");
}

}  // namespace
}  // namespace callwerk
