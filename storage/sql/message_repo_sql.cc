#include "storage/sql/sql_repos.h"
#include "storage/sql/sql_util.h"

namespace gg::sql {
namespace {

MessageRecord readMessage(Statement& q) {
  MessageRecord r;
  r.id = i64(q, "id");
  auto& e = r.envelope;
  e.channel = enumColumn(q, "channel", parseChannel);
  e.account = str(q, "account");
  e.platform_msg_id = str(q, "platform_msg_id");
  e.chat_type = enumColumn(q, "chat_type", parseChatType);
  e.group_id = str(q, "group_id");
  e.sender_id = str(q, "sender_id");
  e.sender_name = str(q, "sender_name");
  e.sender_role = str(q, "sender_role");
  e.text = str(q, "text");
  e.mentions_bot = i64(q, "mentions_bot") != 0;
  e.from_self = i64(q, "from_self") != 0;
  e.asr = i64(q, "asr") != 0;
  e.reply_to = str(q, "reply_to");
  e.sent_at = i64(q, "sent_at");
  r.received_at = i64(q, "received_at");
  r.grid_id = str(q, "grid_id");
  r.community_id = str(q, "community_id");
  r.intent = str(q, "intent");
  r.classification = str(q, "classification");
  r.decision = enumColumnOrNone(q, "decision", parseDecision);
  r.ticket_id = i64(q, "ticket_id");
  r.reply = str(q, "reply");
  return r;
}

class SqlMessageRepo : public MessageRepo {
 public:
  explicit SqlMessageRepo(Connection& db) : db_(db) {}

  Result<Inserted> insert(const InboundEnvelope& e, Millis received_at) override {
    return guarded("messages.insert", [&]() -> Result<Inserted> {
      Statement ins(db_,
          "INSERT INTO messages (channel, account, platform_msg_id, chat_type, group_id, "
          "sender_id, sender_name, sender_role, text, mentions_bot, from_self, asr, reply_to, "
          "sent_at, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (channel, account, platform_msg_id) DO NOTHING");
      ins.bind(1, name(e.channel));
      ins.bind(2, e.account);
      ins.bind(3, e.platform_msg_id);
      ins.bind(4, std::string(toString(e.chat_type)));
      ins.bind(5, e.group_id);
      ins.bind(6, e.sender_id);
      ins.bind(7, e.sender_name);
      ins.bind(8, e.sender_role);
      ins.bind(9, e.text);
      ins.bind(10, e.mentions_bot ? 1 : 0);
      ins.bind(11, e.from_self ? 1 : 0);
      ins.bind(12, e.asr ? 1 : 0);
      ins.bind(13, e.reply_to);
      ins.bind(14, static_cast<int64_t>(e.sent_at));
      ins.bind(15, static_cast<int64_t>(received_at));
      if (ins.exec() == 1) return Inserted{db_.lastInsertId(), true};
      Statement q(db_,
          "SELECT id FROM messages WHERE channel = ? AND account = ? AND platform_msg_id = ?");
      q.bind(1, name(e.channel));
      q.bind(2, e.account);
      q.bind(3, e.platform_msg_id);
      if (!q.executeStep()) return internalError("messages.insert: conflict row vanished");
      return Inserted{q.getColumn(0).getInt64(), false};
    });
  }

  Status annotate(const MessageRecord& r) override {
    return guarded("messages.annotate", [&]() -> Status {
      Statement q(db_,
          "UPDATE messages SET grid_id = ?, community_id = ?, intent = ?, classification = ?, "
          "decision = ?, ticket_id = ? WHERE id = ?");
      q.bind(1, r.grid_id);
      q.bind(2, r.community_id);
      q.bind(3, r.intent);
      q.bind(4, r.classification);
      q.bind(5, std::string(toString(r.decision)));
      q.bind(6, static_cast<int64_t>(r.ticket_id));
      q.bind(7, static_cast<int64_t>(r.id));
      if (q.exec() != 1) return notFound("message " + std::to_string(r.id) + " not found");
      return Status::ok();
    });
  }

  Result<std::optional<MessageRecord>> byPlatformId(Channel channel, const std::string& account,
                                                    const std::string& platform_msg_id) override {
    return guarded("messages.byPlatformId", [&]() -> Result<std::optional<MessageRecord>> {
      Statement q(db_,
          "SELECT * FROM messages WHERE channel = ? AND account = ? AND platform_msg_id = ?");
      q.bind(1, name(channel));
      q.bind(2, account);
      q.bind(3, platform_msg_id);
      if (!q.executeStep()) return std::optional<MessageRecord>();
      return std::optional<MessageRecord>(readMessage(q));
    });
  }

  Status recordReply(Channel channel, const std::string& account,
                     const std::string& platform_msg_id, const std::string& text) override {
    return guarded("messages.recordReply", [&]() -> Status {
      Statement q(db_,
          "UPDATE messages SET reply = ? WHERE channel = ? AND account = ? AND platform_msg_id = ? "
          "AND reply = ''");
      q.bind(1, text);
      q.bind(2, name(channel));
      q.bind(3, account);
      q.bind(4, platform_msg_id);
      q.exec();
      return Status::ok();
    });
  }

  Result<std::optional<MessageRecord>> get(int64_t id) override {
    return guarded("messages.get", [&]() -> Result<std::optional<MessageRecord>> {
      Statement q(db_, "SELECT * FROM messages WHERE id = ?");
      q.bind(1, static_cast<int64_t>(id));
      if (!q.executeStep()) return std::optional<MessageRecord>();
      return std::optional<MessageRecord>(readMessage(q));
    });
  }

  Result<int64_t> count() override {
    return guarded("messages.count", [&]() -> Result<int64_t> {
      Statement q(db_, "SELECT COUNT(*) FROM messages");
      q.executeStep();
      return q.getColumn(0).getInt64();
    });
  }

  Result<std::vector<MessageRecord>> inGroup(Channel channel, const std::string& group_id,
                                             Millis from, Millis to) override {
    return guarded("messages.inGroup", [&]() -> Result<std::vector<MessageRecord>> {
      Statement q(db_,
          "SELECT * FROM messages WHERE channel = ? AND group_id = ? AND received_at >= ? AND "
          "received_at < ? ORDER BY received_at, id");
      q.bind(1, name(channel));
      q.bind(2, group_id);
      q.bind(3, static_cast<int64_t>(from));
      q.bind(4, static_cast<int64_t>(to));
      std::vector<MessageRecord> out;
      while (q.executeStep()) out.push_back(readMessage(q));
      return out;
    });
  }

  Result<std::vector<MessageRecord>> page(Millis since, int64_t after_id, int limit) override {
    return guarded("messages.page", [&]() -> Result<std::vector<MessageRecord>> {
      Statement q(db_, "SELECT * FROM messages WHERE id > ? AND received_at >= ? ORDER BY id LIMIT ?");
      q.bind(1, static_cast<int64_t>(after_id));
      q.bind(2, static_cast<int64_t>(since));
      q.bind(3, limit);
      std::vector<MessageRecord> out;
      while (q.executeStep()) out.push_back(readMessage(q));
      return out;
    });
  }

 private:
  Connection& db_;
};

}  // namespace

std::unique_ptr<MessageRepo> makeMessageRepo(Connection& db) {
  return std::make_unique<SqlMessageRepo>(db);
}

}  // namespace gg::sql
