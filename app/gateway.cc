#include "app/gateway.h"
#include "app/org_places.h"
#include "app/robot_webhooks.h"
#include "bot/responsibilities.h"

#include <filesystem>

#include "adapters/http_hooks.h"
#include "adapters/onebot/onebot_sender.h"
#include "adapters/sms/sms_inbound.h"
#include "adapters/sms/sms_sender.h"
#include "adapters/wecom/wecom_app_sender.h"
#include "adapters/wecom/wecom_robot_sender.h"
#include "app/bootstrap.h"
#include "core/log.h"
#include "storage/database_url.h"
#include "intents/gazetteer.h"
#include "storage/nonce_ledger_store.h"
#include "server/routes_assessment.h"
#include "server/routes_channels.h"
#include "server/routes_core.h"
#include "server/openapi.h"
#include "server/routes_events.h"
#include "server/routes_metrics.h"
#include "server/routes_notices.h"
#include "server/routes_open311.h"
#include "server/routes_outbox.h"
#include "server/routes_public.h"
#include "server/routes_tickets.h"

namespace gg {
namespace {

std::map<Channel, SenderPtr> makeSenders(const ChannelSettings& ch, const OrgIndex& org,
                                             const Clock& clock) {
  std::map<Channel, SenderPtr> senders;
  if (!ch.onebot.api_base.empty()) {
    senders[Channel::kOneBot] = std::make_unique<OneBotSender>(ch.onebot.api_base, ch.onebot.access_token);
  }
  senders[Channel::kWeComRobot] =
      std::make_unique<WeComRobotSender>(std::make_shared<const RobotWebhooks>(ch.wecom, org));
  if (!ch.wecom.corp_id.empty() && !ch.wecom.corp_secret.empty()) {
    senders[Channel::kWeComApp] = std::make_unique<WeComAppSender>(ch.wecom.api_base, ch.wecom.corp_id,
                                                            ch.wecom.corp_secret, ch.wecom.agent_id, clock);
  }
  if (!ch.sms.api.empty()) senders[Channel::kSms] = std::make_unique<SmsWebhookSender>(ch.sms.api, ch.sms.token);
  return senders;
}

}  // namespace

// The WebSocket side of OneBot: one hub for both directions; rows go out over the sockets, by
// the account that is in the chat. Plain HTTP sending stays for streets without a socket.
void Gateway::wireOneBotWs(Gateway& g, std::map<Channel, SenderPtr>& senders) {
  const auto& ob = g.channels_.onebot;
  g.ws_hub_ = std::make_unique<OneBotWsHub>(*g.gate_, g.presence_.get(), g.admission_.get());
  ChatRoutes* routes = g.routes_.get();
  // A row for a chat nobody has heard from yet is retried after this (uncounted).
  constexpr Millis kNoConnectionWait = 5 * kSecond;
  senders[Channel::kOneBot] = std::make_unique<OneBotWsSender>(
      *g.ws_hub_, *routes, ob.call_timeout_ms, kNoConnectionWait);
  if (!ob.ws_listen.empty()) {
    WsServerSettings ws;
    ws.host = ob.ws_host;
    ws.port = ob.ws_port;
    ws.access_token = ob.access_token;
    g.ws_server_ = std::make_unique<OneBotWsServer>(*g.ws_hub_, ws);
  }
  if (!ob.ws_url.empty()) {
    g.ws_client_ = std::make_unique<OneBotWsClient>(*g.ws_hub_, ob.ws_url, ob.access_token, WsLimits{});
  }
}

Result<std::unique_ptr<Gateway>> Gateway::create(const GatewayOptions& options) {
  std::unique_ptr<Gateway> g(new Gateway());
  g->options_ = options;
  auto loaded = loadConfig(options.config_dir, options.db_path, false);
  if (!loaded.isOk()) return loaded.status();
  g->loaded_ = std::move(loaded).value();
  if (!options.listen.empty()) {
    GG_RETURN_IF_ERROR(parseListen(options.listen, &g->loaded_.settings.server));
  }
  const Settings& settings = g->loaded_.settings;
  // Everything that can be wrong with the configuration is found before the database is touched.
  auto channels = options.getenv ? loadChannelSettings(settings.channels, options.getenv)
                                 : loadChannelSettings(settings.channels);
  if (!channels.isOk()) return channels.status();
  g->channels_ = std::move(channels).value();
  auto policy = parseTicketPolicy(settings.tickets);
  if (!policy.isOk()) return policy.status();
  auto catalog = MessageCatalog::forConfigDir(settings.config_dir);
  if (!catalog.isOk()) return catalog.status();
  g->catalog_ = std::move(catalog).value();
  auto notice_settings = parseNoticeSettings(settings.notices);
  if (!notice_settings.isOk()) return notice_settings.status();
  GG_RETURN_IF_ERROR(g->intents_.reload(settings.rule_packs, placesFromOrg(g->loaded_.org->org())));
  auto calendar = WorkCalendar::forConfigDir(settings.config_dir);
  if (!calendar.isOk()) return calendar.status();
  policy->calendar = std::move(calendar).value();
  auto duties = ResponsibilityList::forConfigDir(settings.config_dir);
  if (!duties.isOk()) return duties.status();
  GG_RETURN_IF_ERROR(duties->validate(*g->intents_.pack(), g->loaded_.org->org()));
  policy->responsibilities = std::make_shared<const ResponsibilityList>(std::move(duties).value());

  auto store = openStore(settings);
  if (!store.isOk()) return store.status();
  g->loaded_.store = std::move(store).value();

  g->ctx_.settings = settings;
  g->ctx_.org = g->loaded_.org;
  g->ctx_.store = g->loaded_.store.get();
  g->ctx_.clock = options.clock ? options.clock : &g->system_clock_;
  g->ctx_.responsibilities = policy->responsibilities;
  Clock& clock = *g->ctx_.clock;
  const OrgIndex& org = *g->ctx_.org;

  g->tickets_ = std::make_unique<TicketService>(org, *policy, g->catalog_);
  g->notices_ = std::make_unique<NoticeService>(*g->ctx_.store, org, clock, *notice_settings, g->catalog_);
  g->opinion_ = std::make_unique<OpinionWatch>(*g->ctx_.store, org, notice_settings->opinion, g->catalog_);
  GG_RETURN_IF_ERROR(g->notices_->seedNotices(settings.config_dir));
  PipelineHooks hooks;
  hooks.answerer = g->notices_.get();
  hooks.observer = g->opinion_.get();
  g->pipeline_ = std::make_unique<Pipeline>(*g->ctx_.store, org, g->intents_, *g->tickets_, clock,
                                            hooks);

  DispatcherSettings ds;
  ds.limits[Channel::kOneBot] = {g->channels_.onebot.group_rate.messages, g->channels_.onebot.group_rate.per_ms};
  ds.limits[Channel::kWeComRobot] = {g->channels_.wecom.robot_rate.messages, g->channels_.wecom.robot_rate.per_ms};
  ds.limits[Channel::kWeComApp] = {g->channels_.wecom.app_rate.messages, g->channels_.wecom.app_rate.per_ms};
  ds.limits[Channel::kSms] = {g->channels_.sms.rate.messages, g->channels_.sms.rate.per_ms};
  ds.retry_horizons = g->channels_.retry_horizons;
  ds.down_after = g->channels_.failure_alert_after;
  // Accounts before the senders: the WebSocket sender asks the routes which account is in a chat.
  g->routes_ = std::make_unique<ChatRoutes>(*g->ctx_.store, g->channels_.onebot.group_accounts);
  g->presence_ = std::make_unique<Presence>(*g->ctx_.store, org, clock, g->catalog_,
                                            PresenceSettings{3, g->channels_.onebot.offline_after_ms});
  g->gate_ = std::make_unique<GroupGate>(*g->ctx_.store, org, clock, *g->routes_, *g->pipeline_);
  // The write path's bound, before the WebSocket: a socket's events count against
  // max_pending_ingest like the HTTP hooks' requests.
  g->admission_ = std::make_unique<AdmissionGate>(g->channels_.max_pending_ingest);
  auto senders = makeSenders(g->channels_, org, clock);
  if (g->channels_.onebot.websocket()) wireOneBotWs(*g, senders);
  g->dispatcher_ = std::make_unique<Dispatcher>(*g->ctx_.store, clock, ds, std::move(senders));
  Dispatcher* dispatcher = g->dispatcher_.get();
  g->channel_alert_ = std::make_unique<ChannelDownAlert>(org, g->tickets_->policy().worker_channel, g->catalog_);
  dispatcher->setChannelDownListener(g->channel_alert_.get());
  g->ctx_.channel_health = &dispatcher->health();
  g->pipeline_->setOutboxWaker(dispatcher);
  g->nonces_ = std::make_unique<StoreNonceLedger>(*g->ctx_.store);
  g->sms_inbox_ = std::make_unique<SmsInbox>(*g->ctx_.store, org, *g->tickets_, *g->pipeline_, clock);
  g->sms_inbox_->setOutboxWaker(dispatcher);

  Pipeline* pipeline = g->pipeline_.get();
  if (!g->channels_.hotline.spool_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(g->channels_.hotline.spool_dir, ec);
    if (ec) return unavailable("cannot create hotline spool dir " + g->channels_.hotline.spool_dir + ": " + ec.message());
    g->spool_ = std::make_unique<SpoolWatcher>(g->channels_.hotline.spool_dir, *pipeline,
                                               g->channels_.hotline.poll_ms, g->channels_.hotline.settle_ms);
  }

  g->server_ = std::make_unique<ApiServer>(settings.server, *g->ctx_.store);
  registerCoreRoutes(*g->server_, g->ctx_);
  registerMetricsRoute(*g->server_, g->ctx_);
  registerOpenApiRoute(*g->server_);
  registerEventRoutes(*g->server_, g->ctx_);
  registerTicketRoutes(*g->server_, g->ctx_, *g->pipeline_);
  registerAssessmentRoutes(*g->server_, g->ctx_);
  registerNoticeRoutes(*g->server_, g->ctx_, *g->notices_);
  registerChannelRoutes(*g->server_, g->ctx_, *g->routes_);
  registerPublicRoutes(*g->server_, g->ctx_, *g->pipeline_, *g->tickets_, g->catalog_);
  registerOpen311Routes(*g->server_, g->ctx_, *g->pipeline_, g->intents_, g->catalog_);
  registerOutboxRoutes(*g->server_, g->ctx_, *dispatcher);
  registerHookRoutes(g->server_->raw(), HookContext{g->channels_, clock, *g->gate_, g->presence_.get(),
                                                    g->nonces_.get(), g->admission_.get()});
  registerSmsHook(g->server_->raw(), g->channels_, *g->sms_inbox_, g->admission_.get());
  Gateway* self = g.get();
  g->server_->postAuthed("/api/admin/reload", [self](const httplib::Request&, httplib::Response& res,
                                                     const Principal& p) {
    if (p.role != Role::kAdmin) return replyError(res, permissionDenied("reload needs an admin token"));
    Status s = self->reloadRules();
    if (!s.isOk()) {
      return replyJson(res, 422, {{"error", "invalid_rule_pack"},
                                  {"detail", s.message()},
                                  {"kept", "the previous rule pack stays in force"}});
    }
    replyJson(res, 200, {{"status", "reloaded"}});
  });
  if (!settings.web_dir.empty() && std::filesystem::is_directory(settings.web_dir)) {
    g->server_->mountStatic("/", settings.web_dir);
  }
  return g;
}

Gateway::~Gateway() { stop(); }

Status Gateway::reloadRules() {
  GG_RETURN_IF_ERROR(intents_.reload(ctx_.settings.rule_packs, placesFromOrg(ctx_.org->org())));
  // The new pack is in force; a responsibility entry whose intent it dropped only stops applying.
  if (ctx_.responsibilities && intents_.pack()) {
    Status s = ctx_.responsibilities->validate(*intents_.pack(), ctx_.org->org());
    if (!s.isOk()) log::warn("rule reload: responsibilities.json no longer matches the pack: {}", s.message());
  }
  return Status::ok();
}

Status Gateway::runWorkersOnce() {
  auto fired = pipeline_->runTimers();
  if (!fired.isOk()) return fired.status();
  GG_RETURN_IF_ERROR(notices_->tick());
  GG_RETURN_IF_ERROR(opinion_->dailyDigest(ctx_.clock->now()));
  GG_RETURN_IF_ERROR(presence_->check());
  if (spool_) GG_RETURN_IF_ERROR(spool_->scanOnce());
  auto sent = dispatcher_->runOnce();
  return sent.status();
}

void Gateway::workerLoop() {
  while (!stopping_.load()) {
    auto fired = pipeline_->runTimers();
    if (!fired.isOk()) log::error("timers: {}", fired.status().message());
    Status n = notices_->tick();
    if (!n.isOk()) log::error("notices: {}", n.message());
    Status d = opinion_->dailyDigest(ctx_.clock->now());
    if (!d.isOk()) log::error("opinion digest: {}", d.message());
    Status p = presence_->check();
    if (!p.isOk()) log::error("presence: {}", p.message());
    dispatcher_->wake();
    Status m = ctx_.store->maintain();
    if (!m.isOk()) log::warn("storage: {}", m.message());
    for (int i = 0; i < 10 && !stopping_.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

Status Gateway::start() {
  GG_RETURN_IF_ERROR(server_->start());
  if (ws_server_) {
    Status ws = ws_server_->start();
    if (!ws.isOk()) {
      server_->stop();
      return ws;
    }
    ctx_.onebot_ws_url = "ws://" + channels_.onebot.ws_host + ":" + std::to_string(ws_server_->port()) +
                         "/onebot/v11/ws";
  }
  if (ws_client_) ws_client_->start();
  if (options_.background_workers) {
    dispatcher_->start();
    if (spool_) spool_->start();
    worker_ = std::thread([this] { workerLoop(); });
  }
  started_ = true;
  log::info("listening host={} port={} street={} rule_intents={} database={}", ctx_.settings.server.host,
            server_->port(), ctx_.org->org().street.name,
            intents_.pack() ? std::to_string(intents_.pack()->intentCount()) : "0",
            maskDatabaseUrl(databaseOf(ctx_.settings)));
  return Status::ok();
}

void Gateway::stop() {
  if (stopping_.exchange(true)) return;
  // Inbound first, so nothing new is accepted while the workers drain.
  if (server_) server_->stop();
  if (ws_client_) ws_client_->stop();
  if (ws_server_) ws_server_->stop();
  if (spool_) spool_->stop();
  if (worker_.joinable()) worker_.join();
  if (dispatcher_) dispatcher_->stop();
}

}  // namespace gg
