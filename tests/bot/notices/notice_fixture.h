#pragma once
// Shared setup for the notice tests: a temp SQLite file, the demo org or a generated one, a
// FakeClock, and small helpers to read the outbox.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "app/bootstrap.h"
#include "bot/notices/notice_service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg::test {

inline Millis at(const std::string& iso) {
  Millis t = 0;
  EXPECT_TRUE(parseIsoTime(iso, &t)) << iso;
  return t;
}

inline Principal principal(Role role, const std::string& scope, int64_t id,
                           const std::string& name) {
  Principal p;
  p.role = role;
  p.scope = scope;
  p.token_id = id;
  p.name = name;
  return p;
}

// A street of `communities` communities × `grids_per` grids, each grid with one OneBot group.
inline std::shared_ptr<const OrgIndex> syntheticOrg(int communities, int grids_per) {
  auto org = std::make_shared<Org>();
  org->street.id = "s";
  org->street.name = "测试街道";
  for (int c = 0; c < communities; ++c) {
    Community com;
    com.id = "c" + std::to_string(c);
    com.name = "社区" + std::to_string(c);
    com.contact.wecom_userid = "sq-" + com.id;
    for (int g = 0; g < grids_per; ++g) {
      Grid grid;
      grid.id = com.id + "-g" + std::to_string(g);
      grid.name = "网格" + std::to_string(g);
      grid.community_id = com.id;
      Worker w;
      w.id = "w-" + grid.id;
      w.name = "网格员" + std::to_string(g);
      w.role = WorkerRole::kLeader;
      w.phone = "13900000000";
      w.grid_id = grid.id;
      grid.workers.push_back(w);
      GroupBinding b;
      b.channel = Channel::kOneBot;
      b.group_id = std::to_string(900000 + c * 1000 + g);
      b.grid_id = grid.id;
      grid.groups.push_back(b);
      com.grids.push_back(grid);
    }
    org->communities.push_back(com);
  }
  return std::make_shared<const OrgIndex>(org);
}

inline std::vector<OutboxRecord> outboxRows(Store& store, const std::string& source_kind) {
  std::vector<OutboxRecord> rows;
  EXPECT_OK(store.read([&](Tx& tx) {
    OutboxRepo::Filter f;
    f.source_kind = parseSourceKind(source_kind);
    f.limit = 100000;
    auto r = tx.outbox().list(f);
    if (!r.isOk()) return r.status();
    rows = *r;
    return Status::ok();
  }));
  return rows;
}

class NoticeFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = loadConfig(demoConfig(), tmp_.file("gg.db"), true);
    ASSERT_OK(loaded);
    org_ = loaded->org;
    store_ = std::move(loaded->store);
    service_ = std::make_unique<NoticeService>(*store_, *org_, clock_, settings_);
  }

  void reset(NoticeSettings s) {
    settings_ = s;
    service_ = std::make_unique<NoticeService>(*store_, *org_, clock_, settings_);
  }

  NoticeDraft draft(const nlohmann::json& j) {
    auto d = parseNoticeDraft(j, clock_.now());
    EXPECT_OK(d);
    return d.isOk() ? *d : NoticeDraft{};
  }

  std::vector<NoticeDelivery> deliveries(int64_t id) {
    std::vector<NoticeDelivery> out;
    EXPECT_OK(store_->read([&](Tx& tx) {
      auto r = tx.notices().deliveries(id);
      if (r.isOk()) out = *r;
      return r.status();
    }));
    return out;
  }

  TempDir tmp_;
  FakeClock clock_{at("2026-11-23T10:00:00+08:00")};
  NoticeSettings settings_;
  std::shared_ptr<const OrgIndex> org_;
  StorePtr store_;
  std::unique_ptr<NoticeService> service_;
  Principal admin_ = principal(Role::kAdmin, "", 1, "admin");
  Principal street_ = principal(Role::kStreet, "", 2, "street");
  Principal street2_ = principal(Role::kStreet, "", 3, "street2");
  Principal binhe_ = principal(Role::kCommunity, "binhe", 4, "binhe");
  Principal binhe2_ = principal(Role::kCommunity, "binhe", 5, "binhe-deputy");
  Principal donghu_ = principal(Role::kCommunity, "donghu", 6, "donghu");
  Principal grid_ = principal(Role::kGrid, "binhe-01", 7, "grid");
};

}  // namespace gg::test
