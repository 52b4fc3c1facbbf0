#include "storage/sql/schema.h"

#include <regex>

namespace gg::sql {

const std::vector<SchemaStep>& schemaSteps() {
  static const std::vector<SchemaStep> kSteps = {
      {1, "initial schema", R"SQL(
CREATE TABLE messages (
  id {id},
  channel TEXT NOT NULL,
  account TEXT NOT NULL,
  platform_msg_id TEXT NOT NULL,
  chat_type TEXT NOT NULL,
  group_id TEXT NOT NULL DEFAULT '',
  sender_id TEXT NOT NULL DEFAULT '',
  sender_name TEXT NOT NULL DEFAULT '',
  sender_role TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  mentions_bot INTEGER NOT NULL DEFAULT 0,
  from_self INTEGER NOT NULL DEFAULT 0,
  asr INTEGER NOT NULL DEFAULT 0,
  reply_to TEXT NOT NULL DEFAULT '',
  sent_at INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  grid_id TEXT NOT NULL DEFAULT '',
  community_id TEXT NOT NULL DEFAULT '',
  intent TEXT NOT NULL DEFAULT '',
  classification TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  ticket_id INTEGER NOT NULL DEFAULT 0,
  UNIQUE (channel, account, platform_msg_id)
);
CREATE INDEX messages_group ON messages (channel, group_id, received_at);

CREATE TABLE tickets (
  id {id_autoinc},
  status TEXT NOT NULL,
  level TEXT NOT NULL,
  community_id TEXT NOT NULL DEFAULT '',
  grid_id TEXT NOT NULL DEFAULT '',
  intent TEXT NOT NULL DEFAULT '',
  intent_label TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  dept_class TEXT NOT NULL DEFAULT '',
  urgency TEXT NOT NULL DEFAULT 'normal',
  assignee_kind TEXT NOT NULL DEFAULT '',
  assignee_id TEXT NOT NULL DEFAULT '',
  assign_reason TEXT NOT NULL DEFAULT '',
  department_id TEXT NOT NULL DEFAULT '',
  copied_worker_id TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  place_key TEXT NOT NULL DEFAULT '',
  reporter_channel TEXT NOT NULL DEFAULT '',
  reporter_id TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  group_channel TEXT NOT NULL DEFAULT '',
  group_id TEXT NOT NULL DEFAULT '',
  source_platform_msg_id TEXT NOT NULL DEFAULT '',
  source_message_id INTEGER NOT NULL DEFAULT 0,
  reporters INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  accepted_at INTEGER NOT NULL DEFAULT 0,
  resolved_at INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0,
  accept_by INTEGER NOT NULL DEFAULT 0,
  resolve_by INTEGER NOT NULL DEFAULT 0,
  rating INTEGER NOT NULL DEFAULT 0,
  rated_at INTEGER NOT NULL DEFAULT 0,
  escalations INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  resolution TEXT NOT NULL DEFAULT '',
  unrouted_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tickets_grid ON tickets (grid_id, status);
CREATE INDEX tickets_dup ON tickets (grid_id, intent, place_key, created_at);
CREATE INDEX tickets_reporter ON tickets (reporter_channel, reporter_id, created_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_created ON tickets (created_at);

CREATE TABLE ticket_events (
  id {id},
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

CREATE TABLE ticket_reporters (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  message_id INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  sender_name TEXT NOT NULL DEFAULT '',
  group_id TEXT NOT NULL DEFAULT '',
  platform_msg_id TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, channel, sender_id, message_id)
);

CREATE TABLE outbox (
  id {id},
  dedup_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  platform_msg_id TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0,
  source_kind TEXT NOT NULL DEFAULT '',
  source_id INTEGER NOT NULL DEFAULT 0,
  community_id TEXT NOT NULL DEFAULT '',
  grid_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_source ON outbox (source_kind, source_id);

CREATE TABLE timers (
  id {id},
  kind TEXT NOT NULL,
  ref_id INTEGER NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  fired_at INTEGER NOT NULL DEFAULT 0,
  payload TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, ref_id, key)
);
CREATE INDEX timers_due ON timers (fired_at, due_at);

CREATE TABLE notices (
  id {id},
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  target TEXT NOT NULL,
  reminders TEXT NOT NULL DEFAULT '[]',
  keywords TEXT NOT NULL DEFAULT '[]',
  vars TEXT NOT NULL DEFAULT '{}',
  links TEXT NOT NULL DEFAULT '[]',
  send_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL DEFAULT 0,
  mention_all INTEGER NOT NULL DEFAULT 0,
  urgent INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  cancelled_by TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE notice_deliveries (
  id {id},
  notice_id INTEGER NOT NULL REFERENCES notices (id),
  send_kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  group_id TEXT NOT NULL,
  grid_id TEXT NOT NULL DEFAULT '',
  community_id TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  outbox_id INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  sent_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (notice_id, send_kind, channel, group_id)
);
CREATE INDEX notice_deliveries_due ON notice_deliveries (status, due_at);
CREATE INDEX notice_deliveries_outbox ON notice_deliveries (outbox_id);

CREATE TABLE notice_audit (
  id {id},
  notice_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE api_tokens (
  id {id},
  name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE alerts (
  id {id},
  community_id TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  group_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  cleared_at INTEGER NOT NULL DEFAULT 0,
  negative_count INTEGER NOT NULL DEFAULT 0,
  residents INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT ''
);
)SQL",
         /*sqlite=*/R"SQL(
-- Ticket numbers start at 1001 so they read as ticket numbers, not counts.
INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 1000);
-- The audit log is append-only: the database itself refuses edits and deletions.
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
  BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
)SQL",
         /*postgres=*/R"SQL(
-- Ticket numbers start at 1001 so they read as ticket numbers, not counts.
ALTER TABLE tickets ALTER COLUMN id RESTART WITH 1001;
-- The audit log is append-only: the database itself refuses edits and deletions.
CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'ticket_events is append-only'; END $$;
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();
)SQL"},
      {2, "notices: answers, seeds; opinion watch events and alert state", R"SQL(
CREATE INDEX notice_deliveries_group ON notice_deliveries (channel, group_id);

-- One row per automatic answer in a group: the per-group cooldown survives restarts.
CREATE TABLE notice_answers (
  id {id},
  channel TEXT NOT NULL,
  group_id TEXT NOT NULL,
  notice_id INTEGER NOT NULL,
  platform_msg_id TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);
CREATE INDEX notice_answers_group ON notice_answers (channel, group_id, at);

-- Notices created from config files, by their stable key, so a restart never seeds twice.
CREATE TABLE notice_seeds (
  key TEXT PRIMARY KEY,
  notice_id INTEGER NOT NULL,
  seeded_at INTEGER NOT NULL
);

-- What the opinion watch counted: one row per flagged (or subject-bearing) group message.
CREATE TABLE opinion_events (
  id {id},
  message_id INTEGER NOT NULL DEFAULT 0,
  channel TEXT NOT NULL,
  group_id TEXT NOT NULL,
  community_id TEXT NOT NULL DEFAULT '',
  grid_id TEXT NOT NULL DEFAULT '',
  sender_id TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  negative INTEGER NOT NULL DEFAULT 0,
  complaint INTEGER NOT NULL DEFAULT 0,
  escalation INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL
);
CREATE UNIQUE INDEX opinion_events_message ON opinion_events (message_id) WHERE message_id <> 0;
CREATE INDEX opinion_events_group ON opinion_events (channel, group_id, at);
CREATE INDEX opinion_events_community ON opinion_events (community_id, at);

ALTER TABLE alerts ADD COLUMN grid_id TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN last_event_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN outbox_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX alerts_group ON alerts (channel, group_id, cleared_at);
CREATE INDEX alerts_community ON alerts (community_id, opened_at);
)SQL"},
      {3, "bot accounts and their presence; which account hears each chat", R"SQL(
-- One row per bot account (OneBot self_id): how it is connected and whether it is heard from.
CREATE TABLE bot_accounts (
  channel TEXT NOT NULL,
  self_id TEXT NOT NULL,
  mode TEXT NOT NULL DEFAULT '',
  connected INTEGER NOT NULL DEFAULT 0,
  online INTEGER NOT NULL DEFAULT 0,
  connected_since INTEGER NOT NULL DEFAULT 0,
  disconnected_at INTEGER NOT NULL DEFAULT 0,
  last_heartbeat_at INTEGER NOT NULL DEFAULT 0,
  heartbeat_interval_ms INTEGER NOT NULL DEFAULT 0,
  last_seen_at INTEGER NOT NULL DEFAULT 0,
  offline_since INTEGER NOT NULL DEFAULT 0,
  offline_reason TEXT NOT NULL DEFAULT '',
  alerted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, self_id)
);
-- The account that last received from a group or a private user (replies go out through it),
-- and whether any grid is bound to the group (an unbound group is never answered).
CREATE TABLE chat_routes (
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  self_id TEXT NOT NULL,
  bound INTEGER NOT NULL DEFAULT 1,
  last_message_at INTEGER NOT NULL DEFAULT 0,
  messages INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, kind, target)
);
)SQL"},
      {4, "outbox priority lanes, staff reach fallbacks, retry horizon; SMS subscribers and opt-outs", R"SQL(
-- 3 emergency, 2 interactive reply to a resident, 1 staff notification, 0 broadcast.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
-- One staff message with fallbacks is several rows sharing reach_group: rank 0 is tried first,
-- the others wait as 'standby' until the one before them fails or cannot be sent.
ALTER TABLE outbox ADD COLUMN reach_group TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reach_rank INTEGER NOT NULL DEFAULT 0;
-- Retries stop after this time (0 = created_at + the channel's retry horizon).
ALTER TABLE outbox ADD COLUMN give_up_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_lane ON outbox (status, priority, next_attempt_at);
CREATE INDEX outbox_reach ON outbox (reach_group, reach_rank) WHERE reach_group <> '';

-- 手机群发: who gets a notice by SMS, per grid. A number is stored national (13812345678).
CREATE TABLE sms_subscribers (
  phone TEXT NOT NULL,
  grid_id TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (phone, grid_id)
);
CREATE INDEX sms_subscribers_grid ON sms_subscribers (grid_id);
-- TD / 退订: never another broadcast to this number, whatever grid it is subscribed to.
CREATE TABLE sms_optouts (
  phone TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  message_id INTEGER NOT NULL DEFAULT 0
);
)SQL"},
      {5, "department tickets held at the street after a missed deadline; notices by SMS; patrol tickets", R"SQL(
-- 1: a department missed its deadline; the street keeps the ticket until it re-assigns it.
ALTER TABLE tickets ADD COLUMN street_hold INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_assignee_kind ON tickets (assignee_kind, assignee_id, status);
-- resident | patrol: a grid worker's own report (网格员直报) is counted apart.
ALTER TABLE tickets ADD COLUMN source TEXT NOT NULL DEFAULT 'resident';
-- 1: the notice also goes by SMS to the subscribers of its target grids (手机群发).
ALTER TABLE notices ADD COLUMN sms INTEGER NOT NULL DEFAULT 0;
)SQL"},
      {6, "resident page: tracking codes and the answers given on the page", R"SQL(
-- 1: a report from the resident page is followed by an unguessable code, one per reporter (the
--    code a resident holds lets them rate only what they reported).
ALTER TABLE ticket_reporters ADD COLUMN tracking_code TEXT;
CREATE UNIQUE INDEX ticket_reporters_tracking ON ticket_reporters (tracking_code)
  WHERE tracking_code IS NOT NULL;
-- 2: what the bot answered a message it could not send anywhere (the page shows it at once).
ALTER TABLE messages ADD COLUMN reply TEXT NOT NULL DEFAULT '';
)SQL"},
      {7, "one-time keys (WeCom callback nonces) remembered across restarts", R"SQL(
-- A WeCom callback's nonce is kept until its replay window has passed, so a callback accepted
-- before a restart is refused after it.
CREATE TABLE nonces (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE INDEX nonces_expiry ON nonces (expires_at);
)SQL"},
  };
  return kSteps;
}

std::string render(const SchemaStep& step, Dialect dialect) {
  std::string sql = step.common;
  if (dialect == Dialect::kSqlite) {
    sql = std::regex_replace(sql, std::regex(R"(\{id_autoinc\})"), "INTEGER PRIMARY KEY AUTOINCREMENT");
    sql = std::regex_replace(sql, std::regex(R"(\{id\})"), "INTEGER PRIMARY KEY");
    return sql + step.sqlite;
  }
  const char* identity = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  sql = std::regex_replace(sql, std::regex(R"(\{id_autoinc\})"), identity);
  sql = std::regex_replace(sql, std::regex(R"(\{id\})"), identity);
  sql = std::regex_replace(sql, std::regex(R"(\bINTEGER\b)"), "BIGINT");
  sql = std::regex_replace(sql, std::regex(R"(\bBLOB\b)"), "BYTEA");
  return sql + step.postgres;
}

int latestSchemaVersion() { return schemaSteps().back().version; }

}  // namespace gg::sql
