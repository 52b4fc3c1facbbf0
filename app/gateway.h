#pragma once
// One running gridgate: configuration, storage, the intent engine, the pipeline, the channels,
// the HTTP server and the background workers, assembled in one place so `serve` and the
// end-to-end tests start exactly the same thing.

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "adapters/channel_settings.h"
#include "adapters/hotline/spool_watcher.h"
#include "adapters/onebot/ws_client.h"
#include "adapters/onebot/ws_hub.h"
#include "adapters/onebot/ws_server.h"
#include "bot/channel_down_alert.h"
#include "bot/chat_routes.h"
#include "bot/group_gate.h"
#include "bot/presence.h"
#include "app/bootstrap.h"
#include "bot/dispatcher.h"
#include "bot/message_catalog.h"
#include "bot/notices/notice_service.h"
#include "bot/opinion/opinion_watch.h"
#include "bot/pipeline.h"
#include "bot/sms_inbox.h"
#include "core/admission.h"
#include "core/clock.h"
#include "intents/intent_engine.h"
#include "server/api_server.h"
#include "server/app_context.h"
#include "model/nonce_ledger.h"

namespace gg {

struct GatewayOptions {
  std::string config_dir;
  std::string db_path;  // empty = from the config
  std::string listen;   // empty = from the config; "127.0.0.1:0" = any free port
  Clock* clock = nullptr;          // null = system clock
  bool background_workers = true;  // tests drive the workers by hand (runWorkersOnce) when false
  // Replaces getenv for channel secrets/endpoints (tests); null = the process environment.
  std::function<const char*(const char*)> getenv;
};

class Gateway {
 public:
  // Loads and validates everything (settings, org, rule packs, channels, ticket policy); nothing
  // is started and nothing half-loaded on error.
  static Result<std::unique_ptr<Gateway>> create(const GatewayOptions& options);
  ~Gateway();

  // Starts serving and the background workers.
  Status start();
  // Graceful: stop accepting, finish in-flight requests, stop workers, close the database.
  void stop();
  // Rebuilds the rule packs; on any error the running pack stays in force and the error is returned.
  Status reloadRules();
  // One round of every background worker (timers, notices, outbox), for tests and `simulate` with a ManualClock.
  Status runWorkersOnce();

  int port() const { return server_ ? server_->port() : 0; }
  // The reverse-WebSocket port (0 when channels.onebot.ws_listen is unset).
  int onebotWsPort() const { return ws_server_ ? ws_server_->port() : 0; }
  Presence& presence() { return *presence_; }
  AppContext& context() { return ctx_; }
  // Returns the write path's admission gate (max_pending_ingest), shared by the hooks and the
  // OneBot WebSocket.
  AdmissionGate& admission() { return *admission_; }
  const ApiServer& server() const { return *server_; }
  Store& store() { return *loaded_.store; }
  Pipeline& pipeline() { return *pipeline_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  IntentEngine& intents() { return intents_; }
  NoticeService& notices() { return *notices_; }
  OpinionWatch& opinion() { return *opinion_; }
  const ChannelSettings& channels() const { return channels_; }

 private:
  Gateway() = default;
  static void wireOneBotWs(Gateway& g, std::map<Channel, SenderPtr>& senders);
  void workerLoop();

  GatewayOptions options_;
  Loaded loaded_;
  SystemClock system_clock_;
  AppContext ctx_;
  ChannelSettings channels_;
  // The hooks' bound on messages in flight to the pipeline (channels.max_pending_ingest);
  // declared before server_ so it outlives the handlers using it.
  std::unique_ptr<AdmissionGate> admission_;
  IntentEngine intents_;
  MessageCatalog catalog_;  // every text people read; outlives the services using it
  std::unique_ptr<TicketService> tickets_;
  std::unique_ptr<NoticeService> notices_;
  std::unique_ptr<OpinionWatch> opinion_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<NonceLedger> nonces_;  // the WeCom replay guard's nonces, in the database
  std::unique_ptr<SmsInbox> sms_inbox_;  // what POST /hooks/sms hands its messages to
  std::unique_ptr<ChannelDownAlert> channel_alert_;  // outlives the dispatcher that calls it
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<SpoolWatcher> spool_;
  std::unique_ptr<ApiServer> server_;
  // OneBot accounts: routes, the unbound-group gate in front of the pipeline, presence, and the
  // WebSocket side. Declared after server_ so they are destroyed first (the server is stopped).
  std::unique_ptr<ChatRoutes> routes_;
  std::unique_ptr<GroupGate> gate_;
  std::unique_ptr<Presence> presence_;
  std::unique_ptr<OneBotWsHub> ws_hub_;
  std::unique_ptr<OneBotWsServer> ws_server_;
  std::unique_ptr<OneBotWsClient> ws_client_;
  std::thread worker_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
};

}  // namespace gg
