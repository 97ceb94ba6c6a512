#include <gtest/gtest.h>

#include "app/csv_reader.hpp"
#include "app/import_fields.hpp"

namespace callwerk::app {
namespace {

TEST(CsvReader, QuotedFieldsWithSeparatorsAndQuotes) {
  auto table = parse_csv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n", "t.csv");
  ASSERT_TRUE(table.ok()) << table.error().describe();
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].fields[1].text, "x, y");
  EXPECT_EQ(table->rows[0].fields[2].text, "say \"hi\"");
  EXPECT_EQ(table->rows[0].fields[2].column, 10);  // byte columns, like yaml-cpp and gcc
}

TEST(CsvReader, EmbeddedNewlinesKeepLineNumbersRight) {
  auto table = parse_csv("a,b\n1,\"two\nlines\"\n2,x\n\n3,y", "t.csv");
  ASSERT_TRUE(table.ok()) << table.error().describe();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].fields[1].text, "two\nlines");
  EXPECT_EQ(table->rows[0].line(), 2);
  EXPECT_EQ(table->rows[1].line(), 4);  // after the two-line field
  EXPECT_EQ(table->rows[1].fields[1].column, 3);
  EXPECT_EQ(table->rows[2].line(), 6);  // the blank line is skipped, not a record
}

TEST(CsvReader, CrLfAndBom) {
  auto table = parse_csv("\xEF\xBB\xBFsku,name\r\nA,B\r\n", "t.csv");
  ASSERT_TRUE(table.ok()) << table.error().describe();
  EXPECT_EQ(table->header[0].text, "sku");
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].fields[1].text, "B");
  EXPECT_EQ(table->rows[0].line(), 2);
}

TEST(CsvReader, RowWithTooManyFields) {
  auto table = parse_csv("a,b\n1,2\n3,\"4\n4\",5\n", "p.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().describe(), "p.csv:4:4: row has 3 fields, the header has 2");
}

TEST(CsvReader, RowWithTooFewFields) {
  auto table = parse_csv("a,b,c\n1,2\n", "p.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().describe(), "p.csv:2:3: row has 2 fields, the header has 3");
}

TEST(CsvReader, MalformedQuotes) {
  auto stray = parse_csv("a,b\n1,\"x\"y\n", "p.csv");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error().location, "p.csv:2:6");
  auto open = parse_csv("a,b\n1,\"never closed\n", "p.csv");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().location, "p.csv:2:3");
}

TEST(CsvReader, EmptyFileNeedsAHeader) {
  auto table = parse_csv("", "p.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().location, "p.csv:1:1");
}

TEST(CsvWriter, EscapesOnlyWhenNeeded) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_escape(" padded"), "\" padded\"");
  EXPECT_EQ(csv_row({"a", "b\nc"}), "a,\"b\nc\"\n");
  auto table = parse_csv("x,y\n" + csv_row({" padded", "b\nc"}), "t.csv");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows[0].fields[0].text, " padded");
  EXPECT_EQ(table->rows[0].fields[1].text, "b\nc");
}

TEST(Money, DecimalPointOrComma) {
  EXPECT_EQ(parse_money_cents("12.90"), 1290);
  EXPECT_EQ(parse_money_cents("12,90"), 1290);
  EXPECT_EQ(parse_money_cents("12,9"), 1290);
  EXPECT_EQ(parse_money_cents("7"), 700);
  EXPECT_EQ(parse_money_cents("0.05"), 5);
  EXPECT_FALSE(parse_money_cents("-1.00"));
  EXPECT_FALSE(parse_money_cents("1.234,50"));
  EXPECT_FALSE(parse_money_cents("12.905"));
  EXPECT_FALSE(parse_money_cents("abc"));
  EXPECT_FALSE(parse_money_cents("12."));
  EXPECT_EQ(format_money_cents(1290), "12.90");
  EXPECT_EQ(format_money_cents(5), "0.05");
}

}  // namespace
}  // namespace callwerk::app
