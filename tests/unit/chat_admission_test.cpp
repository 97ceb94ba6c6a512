// Limits on opening public chats: in total, per address at once, per address and minute.
#include <gtest/gtest.h>

#include "chat/chat_admission.hpp"

namespace callwerk::chat {
namespace {

using Verdict = ChatAdmission::Verdict;

TEST(ChatAdmission, CapsConcurrentChatsInTotal) {
  ChatAdmission admission(
      {.max_chats = 2, .max_chats_per_address = 10, .new_chats_per_address = 10});
  EXPECT_TRUE(admission.admit("10.0.0.1", 0).admitted());
  EXPECT_TRUE(admission.admit("10.0.0.2", 0).admitted());
  EXPECT_EQ(admission.admit("10.0.0.3", 0).verdict, Verdict::full);
  admission.release("10.0.0.1");
  EXPECT_TRUE(admission.admit("10.0.0.3", 0).admitted());
  EXPECT_EQ(admission.open_chats(), 2);
}

TEST(ChatAdmission, CapsConcurrentChatsPerAddress) {
  ChatAdmission admission(
      {.max_chats = 100, .max_chats_per_address = 2, .new_chats_per_address = 10});
  EXPECT_TRUE(admission.admit("a", 0).admitted());
  EXPECT_TRUE(admission.admit("a", 0).admitted());
  EXPECT_EQ(admission.admit("a", 0).verdict, Verdict::address_busy);
  EXPECT_TRUE(admission.admit("b", 0).admitted());
  admission.release("a");
  EXPECT_TRUE(admission.admit("a", 0).admitted());
}

TEST(ChatAdmission, LimitsNewChatsPerAddressWithinTheWindow) {
  ChatAdmission admission({.max_chats = 100,
                           .max_chats_per_address = 100,
                           .new_chats_per_address = 3,
                           .window_ms = 60000});
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(admission.admit("a", i * 1000).admitted());
    admission.release("a");  // closing does not give the rate back
  }
  const auto refused = admission.admit("a", 10000);
  EXPECT_EQ(refused.verdict, Verdict::address_rate);
  EXPECT_EQ(refused.retry_after_seconds, 50);  // the first one leaves the window at 60 s
  EXPECT_TRUE(admission.admit("b", 10000).admitted());
  EXPECT_TRUE(admission.admit("a", 60001).admitted());
}

TEST(ChatAdmission, ReleasingAnUnknownAddressChangesNothing) {
  ChatAdmission admission;
  admission.release("nobody");
  EXPECT_EQ(admission.open_chats(), 0);
  EXPECT_TRUE(admission.admit("a", 0).admitted());
  admission.release("a");
  admission.release("a");
  EXPECT_EQ(admission.open_chats(), 0);
}

}  // namespace
}  // namespace callwerk::chat
