// The closed vocabularies in stored rows (model/domain.h): written as their names, read back as
// the same enum, and a name the code does not know (a hand-edited row) is an error that names
// the column and the value, never a silent default.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

class StoredVocabulary : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = openSqliteStore({path()});
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }
  std::string path() const { return dir_.file("t.db"); }
  // Overwrites what the code wrote, as someone editing the database by hand would.
  void rawExec(const std::string& sql) {
    SQLite::Database raw(path(), SQLite::OPEN_READWRITE);
    raw.exec(sql);
  }

  test::TempDir dir_;
  StorePtr store_;
};

// Expects r to be an error whose message names what it could not read.
template <typename T>
void expectUnreadable(const Result<T>& r, const std::string& names) {
  ASSERT_FALSE(r.isOk()) << "read a row holding " << names;
  EXPECT_NE(r.status().message().find(names), std::string::npos) << r.status().message();
}

TEST_F(StoredVocabulary, TicketAssigneeKindRoundTripsAndAnUnknownOneIsAnError) {
  int64_t assigned = 0, unassigned = 0;
  ASSERT_OK(store_->write([&](Tx& tx) {
    TicketRecord t;
    t.created_at = 1;
    auto none = tx.tickets().insert(t);
    if (!none.isOk()) return none.status();
    unassigned = *none;
    t.assignee_kind = AssigneeKind::kDepartment;
    t.assignee_id = "water";
    auto dept = tx.tickets().insert(t);
    if (!dept.isOk()) return dept.status();
    assigned = *dept;
    return Status::ok();
  }));
  ASSERT_OK(store_->read([&](Tx& tx) {
    EXPECT_EQ((*tx.tickets().get(assigned))->assignee_kind, AssigneeKind::kDepartment);
    EXPECT_EQ((*tx.tickets().get(unassigned))->assignee_kind, AssigneeKind::kNone);
    TicketFilter f;
    f.assignee_kind = AssigneeKind::kDepartment;
    f.assignee_id = "water";
    int64_t total = 0;
    EXPECT_OK(tx.tickets().list(f, &total));
    EXPECT_EQ(total, 1);
    return Status::ok();
  }));
  rawExec("UPDATE tickets SET assignee_kind = 'unit' WHERE id = " + std::to_string(assigned));
  ASSERT_OK(store_->read([&](Tx& tx) {
    expectUnreadable(tx.tickets().get(assigned), "assignee_kind holds unknown value 'unit'");
    return Status::ok();
  }));
}

TEST_F(StoredVocabulary, MessageChatTypeRoundTripsAndAnUnknownOneIsAnError) {
  InboundEnvelope e;
  e.channel = Channel::kOneBot;
  e.account = "10001";
  e.platform_msg_id = "m1";
  e.chat_type = ChatType::kCall;
  e.text = "电梯坏了";
  int64_t id = 0;
  ASSERT_OK(store_->write([&](Tx& tx) {
    auto r = tx.messages().insert(e, 1);
    if (!r.isOk()) return r.status();
    id = r->id;
    return Status::ok();
  }));
  ASSERT_OK(store_->read([&](Tx& tx) {
    EXPECT_EQ((*tx.messages().get(id))->envelope.chat_type, ChatType::kCall);
    return Status::ok();
  }));
  rawExec("UPDATE messages SET chat_type = 'channel'");
  ASSERT_OK(store_->read([&](Tx& tx) {
    expectUnreadable(tx.messages().get(id), "chat_type holds unknown value 'channel'");
    return Status::ok();
  }));
}

TEST_F(StoredVocabulary, OutboxTargetKindRoundTripsAndAnUnknownOneIsAnError) {
  OutboxRecord r;
  r.dedup_key = "k1";
  r.message.channel = Channel::kSms;
  r.message.target_kind = TargetKind::kPhone;
  r.message.target = "13800000000";
  r.message.text = "已收到";
  int64_t id = 0;
  ASSERT_OK(store_->write([&](Tx& tx) {
    auto e = tx.outbox().enqueue(r);
    if (!e.isOk()) return e.status();
    id = *e;
    return Status::ok();
  }));
  ASSERT_OK(store_->read([&](Tx& tx) {
    EXPECT_EQ((*tx.outbox().get(id))->message.target_kind, TargetKind::kPhone);
    return Status::ok();
  }));
  // The row is sent from its JSON message: that is where an unknown kind must be caught.
  rawExec("UPDATE outbox SET message = json_set(message, '$.target_kind', 'fax')");
  ASSERT_OK(store_->read([&](Tx& tx) {
    expectUnreadable(tx.outbox().get(id), "target_kind: unknown value \"fax\"");
    return Status::ok();
  }));
}

// Outbox rows and notices (model/delivery_state.h): status, source kind and format.
TEST_F(StoredVocabulary, OutboxAndNoticeStatesRoundTripAndUnknownOnesAreErrors) {
  int64_t row = 0, notice = 0;
  ASSERT_OK(store_->write([&](Tx& tx) {
    OutboxRecord r;
    r.dedup_key = "k1";
    r.message.channel = Channel::kWeComRobot;
    r.message.target_kind = TargetKind::kGroup;
    r.message.target = "g";
    r.message.format = MessageFormat::kMarkdown;
    r.source_kind = SourceKind::kDigest;
    r.status = OutboxStatus::kStandby;
    auto id = tx.outbox().enqueue(r);
    if (!id.isOk()) return id.status();
    row = *id;
    NoticeRecord n;
    n.title = "t";
    n.status = NoticeStatus::kPendingApproval;
    auto nid = tx.notices().insert(n);
    if (!nid.isOk()) return nid.status();
    notice = *nid;
    return Status::ok();
  }));
  ASSERT_OK(store_->read([&](Tx& tx) {
    auto r = tx.outbox().get(row);
    EXPECT_EQ((*r)->status, OutboxStatus::kStandby);
    EXPECT_EQ((*r)->source_kind, SourceKind::kDigest);
    EXPECT_EQ((*r)->message.format, MessageFormat::kMarkdown);
    OutboxRepo::Filter f;
    f.source_kind = SourceKind::kDigest;
    EXPECT_EQ(tx.outbox().list(f)->size(), 1u);
    f.source_kind = SourceKind::kTicket;
    EXPECT_TRUE(tx.outbox().list(f)->empty());
    EXPECT_EQ((*tx.notices().get(notice))->status, NoticeStatus::kPendingApproval);
    EXPECT_EQ(tx.notices().list(NoticeStatus::kPendingApproval, 10, 0)->size(), 1u);
    EXPECT_TRUE(tx.notices().list(NoticeStatus::kScheduled, 10, 0)->empty());
    return Status::ok();
  }));
  rawExec("UPDATE outbox SET status = 'failed' WHERE id = " + std::to_string(row));
  rawExec("UPDATE notices SET status = 'sent' WHERE id = " + std::to_string(notice));
  ASSERT_OK(store_->read([&](Tx& tx) {
    expectUnreadable(tx.outbox().get(row), "'failed'");
    expectUnreadable(tx.notices().get(notice), "'sent'");
    return Status::ok();
  }));
  rawExec("UPDATE outbox SET status = 'pending', message = json_set(message, '$.format', 'html') WHERE id = " +
          std::to_string(row));
  ASSERT_OK(store_->read([&](Tx& tx) {
    expectUnreadable(tx.outbox().get(row), "html");
    return Status::ok();
  }));
}

}  // namespace
}  // namespace gg
