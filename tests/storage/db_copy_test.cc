// gridgate db copy: a SQLite street into an empty PostgreSQL database, every row with its id,
// the counts checked; a target that already holds rows is refused and left as it was.
#include "storage/db_copy.h"

#include <gtest/gtest.h>

#include "storage/open_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_db.h"

namespace gg {
namespace {

// Fills a SQLite street: messages, a ticket with its event and reporter, an outbox row, a
// timer, a token.
void fill(Store& store, int messages, const std::string& tag = "a") {
  ASSERT_OK(store.write([&](Tx& tx) {
    for (int i = 0; i < messages; ++i) {
      InboundEnvelope e;
      e.channel = Channel::kOneBot;
      e.account = "10001";
      e.platform_msg_id = "m" + std::to_string(i);
      e.chat_type = ChatType::kGroup;
      e.group_id = "81000101";
      e.text = "消息 " + std::to_string(i) + " it's";
      GG_RETURN_IF_ERROR(tx.messages().insert(e, 1000 + i).status());
    }
    TicketRecord t;
    t.status = TicketStatus::kAssigned;
    t.grid_id = "binhe-01";
    t.description = "电梯坏了";
    t.created_at = 5;
    auto id = tx.tickets().insert(t);
    if (!id.isOk()) return id.status();
    TicketEvent ev;
    ev.ticket_id = *id;
    ev.at = 5;
    ev.actor_kind = "system";
    ev.action = "create";
    GG_RETURN_IF_ERROR(tx.tickets().appendEvent(ev));
    TicketReporter r;
    r.ticket_id = *id;
    r.channel = Channel::kOneBot;
    r.sender_id = "3900001";
    r.at = 5;
    GG_RETURN_IF_ERROR(tx.tickets().addReporter(r));
    OutboxRecord o;
    o.dedup_key = "ticket:1001:ack";
    o.message.channel = Channel::kOneBot;
    o.message.target_kind = TargetKind::kGroup;
    o.message.target = "81000101";
    o.message.text = "已收到";
    o.created_at = 6;
    GG_RETURN_IF_ERROR(tx.outbox().enqueue(o).status());
    TimerRecord tm;
    tm.kind = "ticket.accept_by";
    tm.ref_id = *id;
    tm.due_at = 100;
    GG_RETURN_IF_ERROR(tx.timers().schedule(tm));
    TokenRecord tok;
    tok.role = "admin";
    tok.token_hash = "h-" + tag;
    tok.created_at = 1;
    return tx.tokens().insert(tok).status();
  }));
}

TEST(DbCopy, CopiesEveryRowWithItsIdAndIdsContinueAfterThem) {
  test::TestDb from(test::Engine::kSqlite);
  test::TestDb to(test::Engine::kPostgres);
  if (!to.available()) GTEST_SKIP() << test::PgCluster::unavailableReason();
  fill(*from.open(), 450);  // more than one batch of inserts

  auto report = copySqliteToPostgres(from.db(), to.db());
  ASSERT_OK(report);
  EXPECT_EQ(report->rows.at("messages"), 450);
  EXPECT_EQ(report->rows.at("tickets"), 1);
  EXPECT_EQ(report->rows.at("ticket_events"), 1);
  EXPECT_EQ(report->rows.at("ticket_reporters"), 1);
  EXPECT_EQ(report->rows.at("outbox"), 1);
  EXPECT_EQ(report->rows.at("timers"), 1);
  EXPECT_EQ(report->rows.at("api_tokens"), 1);

  auto pg = to.open();
  ASSERT_OK(pg->write([&](Tx& tx) {
    EXPECT_EQ(*tx.messages().count(), 450);
    auto m = tx.messages().byPlatformId(Channel::kOneBot, "10001", "m7");
    EXPECT_TRUE(m.isOk() && m->has_value());
    if (m.isOk() && m->has_value()) EXPECT_EQ((*m)->envelope.text, "消息 7 it's");
    auto t = tx.tickets().get(1001);
    EXPECT_TRUE(t.isOk() && t->has_value());
    if (t.isOk() && t->has_value()) EXPECT_EQ((*t)->description, "电梯坏了");
    EXPECT_EQ(tx.tickets().events(1001)->size(), 1u);
    // New rows continue after the copied ids.
    TicketRecord next;
    next.status = TicketStatus::kNew;
    next.created_at = 9;
    EXPECT_EQ(*tx.tickets().insert(next), 1002);
    InboundEnvelope e;
    e.channel = Channel::kOneBot;
    e.account = "10001";
    e.platform_msg_id = "after-copy";
    e.chat_type = ChatType::kGroup;
    e.text = "x";
    auto ins = tx.messages().insert(e, 1);
    EXPECT_TRUE(ins.isOk() && ins->is_new);
    if (ins.isOk()) EXPECT_EQ(ins->id, 451);
    return Status::ok();
  }));
}

TEST(DbCopy, RefusesATargetThatHoldsRowsAndChangesNothing) {
  test::TestDb from(test::Engine::kSqlite);
  test::TestDb to(test::Engine::kPostgres);
  if (!to.available()) GTEST_SKIP() << test::PgCluster::unavailableReason();
  fill(*from.open(), 3);
  ASSERT_OK(copySqliteToPostgres(from.db(), to.db()));
  fill(*from.open(), 5, "b");  // the source grows; copying again must not add anything
  auto again = copySqliteToPostgres(from.db(), to.db());
  ASSERT_FALSE(again.isOk());
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_NE(again.status().message().find("already holds rows"), std::string::npos);
  ASSERT_OK(to.open()->read([&](Tx& tx) {
    EXPECT_EQ(*tx.messages().count(), 3);
    return Status::ok();
  }));
}

TEST(DbCopy, RefusesAMissingSourceAndAFileAsTarget) {
  test::TestDb from(test::Engine::kSqlite);
  auto missing = copySqliteToPostgres(from.dir().file("none.db"), "postgresql://u@h/d");
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  auto file = copySqliteToPostgres(from.db(), from.dir().file("other.db"));
  EXPECT_EQ(file.status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(from.dir().file("other.db")));
}

}  // namespace
}  // namespace gg
